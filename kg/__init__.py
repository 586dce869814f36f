"""ldhkg core library: parse the review, check curation, build, reason, validate, query.

The HTTP service (``service``) and the CLI are thin faces over this package; it never imports
FastAPI.
"""

__version__ = "0.1.0"

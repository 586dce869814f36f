"""ldhkg's faces over the core library ``kg``: ``http`` (the FastAPI app and web page) and
``cli`` (the ``ldhkg`` command line). Faces hold no logic of their own."""

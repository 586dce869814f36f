"""ldhkg service: the HTTP face (FastAPI) and the ``ldhkg`` console script."""

"""The HTTP face: the FastAPI app factory (``app``), its settings, dependencies, middleware,
one router per resource (``routers/``) and the web page (``static/``)."""

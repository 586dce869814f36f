"""ldhkg core library: build the graph from the review, store it, read it, answer questions,
export it.

``kg.build`` (the builder), ``kg.store`` (the store interface and its backends), ``kg.read``
(lookups), ``kg.ask`` (questions), ``kg.exports`` (graph formats), ``kg.queries`` (named
SPARQL); basics: ``kg.namespaces``, ``kg.ids``, ``kg.paths``, ``kg.review``. The faces in
``service`` (HTTP, CLI) call into it; it never imports them, FastAPI or click.
"""

__version__ = "0.1.0"

"""The example SPARQL queries, shipped as the package data of ``kg.examples`` (the web page's
editor and the MCP face offer them); read through ``kg.paths``."""

"""Lookups over a ``kg.store.Store``: entities, citations, search, the clinical graph,
treatments, statistics. Every query is a named ``.rq`` in ``kg/queries``; rows are parsed into
the records of ``kg.read.records`` in the module that runs the query.
"""

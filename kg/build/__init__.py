"""The builder: review text -> curation checked against it -> RDF -> reasoning -> SHACL ->
artifacts. Each stage is a plain module with typed records between them:

``source_text`` / ``references`` parse the review; ``yaml_rows`` + ``loader`` read the curation
into ``records``; ``anchors`` + ``checks`` (+ ``mappings``) check it against the text;
``audit`` computes audit flags; ``rdf_clinical`` / ``rdf_provenance`` / ``rdf_inferred`` make the
named graphs; ``reasoning`` runs HermiT; ``validation`` runs SHACL; ``report`` and
``artifacts`` write ``build/``; ``pipeline`` runs them in order.

The builder imports only the basics (``kg.namespaces``, ``kg.ids``, ``kg.paths``,
``kg.review``), never the store or the read side.
"""

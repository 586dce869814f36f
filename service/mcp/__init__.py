"""The MCP face: the graph's tools and resources for AI assistants (``service.mcp.server``),
over stdio (``ldhkg mcp``) or mounted on the HTTP app at ``/mcp`` (``LDHKG_MCP_ENABLED``)."""

"""SQL of the catalog, one module per resource; visibility scopes arrive as `%(scope)s` and `%(caller)s`."""

"""Domain logic of the catalog, one module per resource."""

"""Thin HTTP routes of the catalog, one `Router` per resource."""

"""Source modules: each reads one raw source into rows of the common schema (geo.schema)."""

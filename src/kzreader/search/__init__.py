"""The Whoosh full-text index: schema, incremental update, queries, highlights."""

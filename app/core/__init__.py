"""Cross-cutting pieces: no routes, imports no feature."""

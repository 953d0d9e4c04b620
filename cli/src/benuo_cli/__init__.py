"""benuo: the operator command line."""

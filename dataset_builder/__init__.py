"""Build and version the five-domain training corpus into Arrow shards with a lock file."""

"""Sandboxed execution of untrusted programs against tests; the verdict is decided outside."""

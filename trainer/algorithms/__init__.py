"""Advantage estimators and policy losses, each a registry so configs pick them by name."""

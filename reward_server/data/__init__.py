"""Data files shipped with the reward service (a package so that wheels include them)."""

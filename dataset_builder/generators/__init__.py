"""Procedural task generators, one package per domain; sources in dataset_builder/sources wrap them."""

"""Procedural IFEval-style instruction-following tasks with constructed reference responses.

`vocab` holds what is asked about, `phrases` how instructions are worded, `draft` writes a
response of a planned shape, and `compose` picks compatible instructions, writes the reference
and derives the instruction numbers from it. The `instruction_gen` source wraps `compose`.
"""

"""Cycle counts: a sheet per bin, the counter's findings, and the corrections they post."""

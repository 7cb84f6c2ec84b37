"""Repositories: the SQL behind each area's ports."""

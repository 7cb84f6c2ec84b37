"""Merchants, users, access and credentials."""

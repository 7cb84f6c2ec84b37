"""Routing policies: each merchant's stored rules, edited by managers and read by the order pipeline."""

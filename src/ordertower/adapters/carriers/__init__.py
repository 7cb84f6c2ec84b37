"""Carrier integrations behind the shipping ports; the built-in own-account carrier first."""

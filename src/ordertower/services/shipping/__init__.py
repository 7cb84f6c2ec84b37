"""Shipping: packages, carriers and labels, reached through the carrier ports."""

"""The product master: products, their identifiers, bundles, blocking, and the product CSV file."""

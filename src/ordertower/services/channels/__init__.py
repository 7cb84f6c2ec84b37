"""Channel accounts (with sealed credentials) and the listings that map channel products to SKUs."""

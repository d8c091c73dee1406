"""Products: the catalogue of what a tenant sells, with prices, VAT rates and units."""

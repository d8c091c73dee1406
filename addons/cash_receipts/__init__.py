"""Cash receipts: sales over the counter, paid at once in cash or by card."""

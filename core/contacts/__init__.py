"""Contacts: customers and suppliers, their persons, addresses and extra data.

Every function takes a `core.context.Context` and works in its transaction; user errors
come back as `core.contacts.errors.ValidationError` (`errors`: {field: reason}),
`NotFound` or `ContactError`, with translated messages.

- `service`: create, update, archive, delete, numbering patterns, "save as new customer";
- `listing`: `list_contacts(ctx, search=, tags=, kind=, archived=, sort=, page=, per_page=)`;
  `ordering` its sort keys; `search_index` and `search_page` the search behind it;
- `persons`: contact persons and `address_block` (what a document prints);
- `addresses`: extra (delivery) addresses and e-mail addresses per document kind;
- `custom_fields`, `tags`, `attachments`: the tenant's extra fields, labels and files;
- `vies`: `fill_from_vies` (EU VAT look-up); `vat`: `normalise_vat`;
- `merge`: `plan_merge` / `merge_contacts`; `references`: the `MERGE_REFERENCES` extension point;
- `importer`: `ContactImporter` (for `core.importing`) and `export_contacts`;
- `revenue`: `customer_revenue` and `products_sold`.
"""

"""Bank statements brought in: CODA files and the CSV exports of the main Belgian banks.

`read_statement(data, filename)` recognises the format and gives a `ParsedStatement` (its
lines as `BankLine`s, each with a key that is the same on every import of that line);
`import_statement(ctx, parsed, account)` records them through `matching.import_bank_lines`
(matched on the structured communication, known lines skipped); `proposals.propose` pairs
the rest with an open invoice of the same amount whose customer has the payer's name, for
the user to confirm.
"""

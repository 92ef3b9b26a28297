"""The figures the cross-document pages read, kept as data: each published document's
region, total and 类 totals, and each region's counts and yearly totals. They are written
by ``kept.summarise`` in the transaction that publishes, withdraws or corrects a document
(publication is the only way public figures change), so a page's cost follows what it
shows, not the size of the database, and its figures are never stale."""

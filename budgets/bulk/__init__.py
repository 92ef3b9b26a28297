"""Bulk data for researchers: every published document of a region and year, its official
tables cell by cell and its findings, as CSV (in a zip), XLSX and Parquet."""

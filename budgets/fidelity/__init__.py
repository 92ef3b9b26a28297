"""The fidelity gate: what a PDF prints in its tables against what the site serves.

``printed`` reads the amounts printed in each official table from the PDF's words, their
positions and the ruling lines around them, without any of the template readers' code, so
a reader cannot confirm its own mistakes. ``compare`` matches them cell by cell (table, row
as printed, column) with the tables rebuilt from the stored facts, both ways.
"""

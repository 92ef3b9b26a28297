"""The checker: every published 预算/决算 公开 PDF checked as a reviewer would, imported or not.

An import stops at the first refusal; a budget office checking its own document wants every
problem at once. ``engine.check_files`` groups files into documents as the importer does and,
for each, runs every rule that applies (``rules``): the text rules on the pages always, the
reader's own checks (and the rules needing its tables) when the reader reads the document, and
the refusal as a finding when it does not. ``manage.py check_pdf`` prints the report (text, JSON
or XLSX); ``/checker/`` does the same for anyone who uploads a document's PDFs (``views``,
keeping only the report, ``models.CheckReport``, for a day); ``/checker/rules/`` lists the
rules.
"""

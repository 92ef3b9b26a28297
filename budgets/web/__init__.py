"""What every public answer shares, HTML page and JSON alike, whichever app serves it.

No app owns these modules. browse, search, regions, execution and the API build their
pages and answers from them, and the caching middleware reads the reader's unit choice.
The package sits in the layers below all of these and imports none of them (the layers
are ``[tool.importlinter]`` in pyproject.toml), so each of them may import it.

- ``pages``: the context every page starts from, links to a document's pages, downloads.
- ``charts``: a chart and the table that says the same in text.
- ``tables``: the django-tables2 pieces public tables are made of.
- ``units``: amounts in the unit the reader chose (元 or 万元).
- ``api``: JSON bodies, errors, methods, CORS and paging of every /api/ answer.
"""

"""The template families: one package per kind of official document.

A family is everything the site knows about one template of 预算/决算 公开: its tables'
builders (``tables.py``: the official tables rebuilt from a document's facts), its reader
(``reader.py``: PDF → checked facts), the real documents it was proven on and the fixture
each is kept in, all declared in the package's ``FAMILY`` (``importers.registry.Family``).
The shared kit stays outside: reading PDFs (``importers.pdf``, ``importers.tables``,
``importers.narrative``), writing facts (``importers.writer``), the sums
(``disclosures.arithmetic``) and the shared table structure (``disclosures.tables``).

``PACKAGES`` is the one declaration of which families exist; files are offered to their
readers in this order. Adding a family is adding a package and its name here (README,
“Adding a template family”).
"""

PACKAGES = ("shanghai_budget", "jiangsu", "shanghai_final", "shaanxi")

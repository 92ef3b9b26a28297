"""Trigram (pg_trgm) GIN indexes on the searched text columns, on PostgreSQL only.

The search matches ``UPPER(column::text) LIKE UPPER('%word%')`` (Django's ``icontains``), so
each index is on that same expression; pg_trgm can then answer a LIKE '%…%' of three or
more characters from the index. In this database's locale (C.UTF-8 here, any glibc UTF-8
locale) pg_trgm counts CJK characters as alphanumeric and makes trigrams of them
(tests/test_search.py checks ``show_trgm('事业运行')`` and the query plan). SQLite has no
such index; the same LIKE scans its small tables.
"""

from django.db import migrations

#: (index name, table, column) of every column the search matches words in.
INDEXES = [
    ("search_org_name_trgm", "organisations_organisation", "name"),
    ("search_function_name_trgm", "classifications_functioncode", "name"),
    ("search_dept_econ_name_trgm", "classifications_departmenteconomiccode", "name"),
    ("search_gov_econ_name_trgm", "classifications_governmenteconomiccode", "name"),
    ("search_project_name_trgm", "disclosures_project", "name"),
    ("search_project_desc_trgm", "disclosures_project", "description"),
    ("search_statement_subject_trgm", "disclosures_statement", "subject"),
    ("search_statement_quote_trgm", "disclosures_statement", "quote"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, column in INDEXES:
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (UPPER("{column}"::text) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("organisations", "0001_initial"),
        ("classifications", "0002_english_names"),
        ("disclosures", "0006_source_files"),
    ]

    operations = [migrations.RunPython(create, drop, elidable=False)]

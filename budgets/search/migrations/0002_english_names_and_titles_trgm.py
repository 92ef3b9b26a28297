"""Trigram (pg_trgm) GIN indexes on the columns the search matches since it searches
documents' titles and codes' English names, on PostgreSQL only; the same expression
``UPPER(column::text)`` as 0001's, for the same ``icontains`` LIKE."""

from django.db import migrations

INDEXES = [
    ("search_document_title_trgm", "disclosures_document", "title"),
    ("search_function_name_en_trgm", "classifications_functioncode", "name_en"),
    ("search_dept_econ_name_en_trgm", "classifications_departmenteconomiccode", "name_en"),
    ("search_gov_econ_name_en_trgm", "classifications_governmenteconomiccode", "name_en"),
]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {name} ON {table} "
            f'USING gin (UPPER("{column}"::text) gin_trgm_ops)'
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name, _table, _column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("search", "0001_trigram_indexes")]

    operations = [migrations.RunPython(create, drop, elidable=False)]

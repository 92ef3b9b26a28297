"""Bigram GIN indexes on every searched column, on PostgreSQL only; and the trigram index
0001 left out (projects' summaries).

pg_trgm takes a ``LIKE '%word%'``'s trigrams from inside the word, so a two-character word
(教育, 三公: most Chinese words) gives none and the trigram indexes cannot serve it: every
row was read. Here each searched column gets an expression index on
``search_bigrams(column)``: the distinct overlapping two-character pieces of the
upper-cased text, as a tsvector (a one-character text gives itself, an empty one nothing).
``search_bigram_query(word)`` gives the word's pieces AND-ed as a tsquery, each lexeme
quoted in SQL (quotes and backslashes doubled), so no word is read as query syntax. A
column holding the upper-cased word holds each of its pieces: ``search_bigrams(column) @@
search_bigram_query(word)`` finds from the index every row the word's LIKE can match, and
the LIKE confirms them (budgets/search/queries.contains, which asks it for two-character
words; the trigram indexes, more selective, serve longer ones).

Both functions are IMMUTABLE (upper() is, as PostgreSQL marks it), as an index expression
must be; the search's words are constants, so the planner works out their tsquery once.
"""

from django.db import migrations

#: (index name, table, column) of every column the search matches words in.
INDEXES = [
    ("search_org_name_bigram", "organisations_organisation", "name"),
    ("search_document_title_bigram", "disclosures_document", "title"),
    ("search_function_name_bigram", "classifications_functioncode", "name"),
    ("search_function_name_en_bigram", "classifications_functioncode", "name_en"),
    ("search_dept_econ_name_bigram", "classifications_departmenteconomiccode", "name"),
    ("search_dept_econ_name_en_bigram", "classifications_departmenteconomiccode", "name_en"),
    ("search_gov_econ_name_bigram", "classifications_governmenteconomiccode", "name"),
    ("search_gov_econ_name_en_bigram", "classifications_governmenteconomiccode", "name_en"),
    ("search_project_name_bigram", "disclosures_project", "name"),
    ("search_project_summary_bigram", "disclosures_project", "summary"),
    ("search_project_desc_bigram", "disclosures_project", "description"),
    ("search_statement_subject_bigram", "disclosures_statement", "subject"),
    ("search_statement_quote_bigram", "disclosures_statement", "quote"),
]

FUNCTIONS = [
    r"""
CREATE FUNCTION search_bigrams(text) RETURNS tsvector
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT CASE char_length(upper($1))
        WHEN 0 THEN ''::tsvector
        WHEN 1 THEN array_to_tsvector(ARRAY[upper($1)])
        ELSE array_to_tsvector(ARRAY(
            SELECT substr(upper($1), i, 2)
            FROM generate_series(1, char_length(upper($1)) - 1) AS i
        ))
    END
$$""",
    r"""
CREATE FUNCTION search_bigram_query(text) RETURNS tsquery
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
AS $$
    SELECT string_agg(
        '''' || replace(replace(lexeme, E'\\', E'\\\\'), '''', '''''') || '''', ' & '
    )::tsquery
    FROM unnest(tsvector_to_array(search_bigrams($1))) AS lexeme
$$""",
]


#: The searched column 0001 gave no trigram index (a word of three characters or more).
SUMMARY_TRIGRAMS = "search_project_summary_trgm"


def create_indexes():
    return [
        f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin (search_bigrams({column}))"
        for name, table, column in INDEXES
    ] + [
        f"CREATE INDEX IF NOT EXISTS {SUMMARY_TRIGRAMS} ON disclosures_project "
        'USING gin (UPPER("summary"::text) gin_trgm_ops)'
    ]


def drop_indexes():
    return [f"DROP INDEX IF EXISTS {name}" for name, _table, _column in INDEXES] + [
        f"DROP INDEX IF EXISTS {SUMMARY_TRIGRAMS}"
    ]


class PostgreSQLOnly(migrations.RunSQL):
    """RunSQL on PostgreSQL; elsewhere (SQLite) nothing, either way: its LIKE scans its
    small tables as before."""

    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_english_names_and_titles_trgm")]

    operations = [
        PostgreSQLOnly(
            FUNCTIONS,
            [
                "DROP FUNCTION IF EXISTS search_bigram_query(text)",
                "DROP FUNCTION IF EXISTS search_bigrams(text)",
            ],
            elidable=False,
        ),
        PostgreSQLOnly(create_indexes(), drop_indexes(), elidable=False),
    ]

from django.urls import path, register_converter

from budgets.search import urls as search_urls

from . import catalogue, views


class FinalAccountsConverter:
    """The ``final/`` segment of a 决算's pages: the URL says ``final``, views get the
    stage (``final_accounts``). Budgets have no segment, so their URLs are unchanged."""

    regex = "final"

    def to_python(self, value):
        return "final_accounts"

    def to_url(self, value):
        if value != "final_accounts":
            raise ValueError(value)
        return "final"


register_converter(FinalAccountsConverter, "final_accounts")

app_name = "browse"

organisation_year = "org/<int:organisation>/<int:year>/"
final_accounts_year = organisation_year + "<final_accounts:stage>/"

#: The pages of one document, under a budget's and a 决算's year alike. reverse() without a
#: stage (or with stage="budget") gives the budget's URL; with stage="final_accounts" the
#: 决算's: the budget routes take stage as a default, the 决算 routes capture it.
document_routes = [
    ("", views.document, "document"),
    ("tables/", views.official_tables, "tables"),
    ("tables.xlsx", views.document_xlsx, "document_xlsx"),
    ("tables/<int:position>/", views.official_table, "table"),
    ("tables/<int:position>.csv", views.table_csv, "table_csv"),
    ("tables/<int:position>.xlsx", views.table_xlsx, "table_xlsx"),
    ("glossary/", views.glossary, "glossary"),
    ("corrections/", views.corrections, "corrections"),
    ("projects/", views.projects, "projects"),
    ("projects/<int:number>/", views.project, "project"),
    ("source/<str:sha256>/", views.source_file, "source_file"),
    ("<slug:scheme>/", views.drill, "drill"),
    ("<slug:scheme>/<str:code>/", views.drill, "drill_code"),
]

urlpatterns = [
    path("", views.home, name="home"),
    *search_urls.urlpatterns,  # browse:search, served by budgets.search
    path("unit/", views.set_unit, name="set_unit"),
    path("org/<int:organisation>/", views.organisation, name="organisation"),
    path("org/<int:organisation>/years/", views.compare_years, name="compare_years"),
    path(organisation_year + "units/", views.compare_units, name="compare_units"),
    # Before the document's pages: a drill-down would read “revisions” as a scheme's slug.
    path(organisation_year + "revisions/<int:number>/", views.revision, name="revision"),
    # 决算 first: a budget's drill-down would read “final” as a classification slug.
    *[path(final_accounts_year + route, view, name=name) for route, view, name in document_routes],
    *[
        path(organisation_year + route, view, {"stage": "budget"}, name=name)
        for route, view, name in document_routes
    ],
    path("code/<slug:scheme>/<int:year>/<str:code>/", views.ranking, name="ranking"),
    path("catalogue/", catalogue.index, name="catalogue_index"),
    path("catalogue/<int:year>/<slug:scheme>/", catalogue.year_catalogue, name="catalogue"),
]

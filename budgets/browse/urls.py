from django.urls import path

from budgets.search import urls as search_urls

from . import views

app_name = "browse"

organisation_year = "org/<int:organisation>/<int:year>/"

urlpatterns = [
    path("", views.home, name="home"),
    *search_urls.urlpatterns,  # browse:search, served by budgets.search
    path("unit/", views.set_unit, name="set_unit"),
    path("org/<int:organisation>/", views.organisation, name="organisation"),
    path("org/<int:organisation>/years/", views.compare_years, name="compare_years"),
    path(organisation_year, views.document, name="document"),
    path(organisation_year + "units/", views.compare_units, name="compare_units"),
    path(organisation_year + "tables/", views.official_tables, name="tables"),
    path(organisation_year + "tables.xlsx", views.document_xlsx, name="document_xlsx"),
    path(organisation_year + "tables/<int:position>/", views.official_table, name="table"),
    path(organisation_year + "tables/<int:position>.csv", views.table_csv, name="table_csv"),
    path(organisation_year + "tables/<int:position>.xlsx", views.table_xlsx, name="table_xlsx"),
    path(organisation_year + "glossary/", views.glossary, name="glossary"),
    path(organisation_year + "projects/", views.projects, name="projects"),
    path(organisation_year + "source/<str:sha256>/", views.source_file, name="source_file"),
    path(organisation_year + "<slug:scheme>/", views.drill, name="drill"),
    path(organisation_year + "<slug:scheme>/<str:code>/", views.drill, name="drill_code"),
    path("code/<slug:scheme>/<int:year>/<str:code>/", views.ranking, name="ranking"),
]

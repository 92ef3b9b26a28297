from django.urls import path

from budgets.execution import api as execution_api
from budgets.regions import api as regions_api
from budgets.web.api import api_routes

from . import views

app_name = "api"

urlpatterns = [
    path("documents/", views.documents, name="documents"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("documents/<int:pk>/tables/<int:n>/", views.table, name="table"),
    path("regions/<str:code>/<int:year>/", regions_api.region_year, name="region"),
    path(
        "regions/<str:code>/<int:year>/three-public/",
        regions_api.three_public,
        name="region_three_public",
    ),
    path(
        "organisations/<int:organisation>/<int:year>/execution/",
        execution_api.organisation_year,
        name="organisation_execution",
    ),
    path("schema/", views.openapi, name="schema"),
    path("docs/", views.docs, name="docs"),
]

# Every route above (and any URLconf included above): GET/HEAD only, CORS, JSON 405.
# Keep this line last, so routes added to the list are covered too.
urlpatterns = api_routes(urlpatterns)

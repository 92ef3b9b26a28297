from django.urls import path

from . import views

app_name = "execution"

urlpatterns = [
    path(
        "org/<int:organisation>/<int:year>/execution/",
        views.organisation_year,
        name="organisation_year",
    ),
    path("region/<str:code>/<int:year>/execution/", views.region_year, name="region_year"),
]

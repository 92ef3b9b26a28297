from django.urls import path

from . import views

app_name = "regions"

region_year = "region/<str:code>/<int:year>/"

urlpatterns = [
    path("region/<str:code>/", views.region, name="region"),
    path(region_year, views.region_year, name="year"),
    path(region_year + "three-public/", views.three_public, name="three_public"),
    path(region_year + "three-public.csv", views.three_public_csv, name="three_public_csv"),
    path(region_year + "three-public.xlsx", views.three_public_xlsx, name="three_public_xlsx"),
]

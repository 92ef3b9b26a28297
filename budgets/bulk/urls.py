from django.urls import path

from . import views

app_name = "bulk"

region_year = "region/<str:code>/<int:year>/"

urlpatterns = [
    path(region_year + "data-csv.zip", views.download, {"fmt": "csv"}, name="csv"),
    path(region_year + "data.xlsx", views.download, {"fmt": "xlsx"}, name="xlsx"),
    path(region_year + "data-parquet.zip", views.download, {"fmt": "parquet"}, name="parquet"),
]

from django.contrib import admin
from django.urls import path

from . import views

app_name = "importers"

urlpatterns = [
    path("", admin.site.admin_view(views.upload), name="upload"),
    path("jobs/<int:pk>/", admin.site.admin_view(views.job_page), name="job"),
    path("jobs/<int:pk>/confirm/", admin.site.admin_view(views.confirm), name="confirm"),
]

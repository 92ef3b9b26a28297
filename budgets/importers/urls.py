from django.contrib import admin
from django.urls import path

from . import views

app_name = "importers"

urlpatterns = [
    path("", admin.site.admin_view(views.upload), name="upload"),
    path("confirm/", admin.site.admin_view(views.confirm), name="confirm"),
]

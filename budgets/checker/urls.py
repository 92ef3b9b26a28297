from django.urls import path

from . import views

app_name = "checker"

urlpatterns = [
    path("rules/", views.rule_list, name="rules"),
]

"""The search route. It is included into ``browse``'s URLconf, so its name stays
``browse:search`` (the site header and every link use that name)."""

from django.urls import path

from . import views

urlpatterns = [
    path("search/", views.search, name="search"),
]

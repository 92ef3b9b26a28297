from django.urls import path

from . import views

app_name = "api"

urlpatterns = [
    path("documents/", views.documents, name="documents"),
    path("documents/<int:pk>/", views.document, name="document"),
    path("documents/<int:pk>/tables/<int:n>/", views.table, name="table"),
]

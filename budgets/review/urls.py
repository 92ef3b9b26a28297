from django.urls import path

from . import public

app_name = "review"

urlpatterns = [
    path(
        "org/<int:organisation>/<int:year>/revisions/<int:number>/",
        public.revision,
        name="revision",
    ),
]

from django.urls import path, register_converter

from . import views


class ReportKey:
    """A report's key as ``models.new_key`` makes it: any other text is no report's."""

    regex = "[A-Za-z0-9_-]{32}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ReportKey, "report_key")

app_name = "checker"

urlpatterns = [
    path("", views.check, name="check"),
    path("rules/", views.rule_list, name="rules"),
    path("report/<report_key:key>/", views.report_page, name="report"),
    path("report/<report_key:key>.json", views.report_json, name="report_json"),
    path("report/<report_key:key>.xlsx", views.report_xlsx, name="report_xlsx"),
]

from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from budgets.caching.language import set_language
from budgets.web.pages import favicon

admin.site.site_header = _("预算公开 · 数据管理")
admin.site.site_title = _("预算公开")
admin.site.index_title = _("录入与发布")

urlpatterns = [
    # Browsers ask for /favicon.ico whatever the page links.
    path("favicon.ico", favicon, name="favicon"),
    # Django's language switch, checked by Origin instead of a CSRF cookie so that public
    # pages set no cookie (budgets/caching/language.py).
    path("i18n/setlang/", set_language, name="set_language"),
    path("admin/import/", include("budgets.importers.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("budgets.api.urls")),
    path("checker/", include("budgets.checker.urls")),
    path("", include("budgets.execution.urls")),
    path("", include("budgets.bulk.urls")),
    path("", include("budgets.regions.urls")),
    path("", include("budgets.browse.urls")),
]

# JSON errors under /api/ (budgets.web.api); the site's own 404 and 500 pages elsewhere.
handler404 = "budgets.web.api.page_not_found"
handler500 = "budgets.web.api.server_error"

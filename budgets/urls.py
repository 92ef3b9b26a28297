from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "预算公开 · 数据管理"
admin.site.site_title = "预算公开"
admin.site.index_title = "录入与发布"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/import/", include("budgets.importers.urls")),
    path("admin/", admin.site.urls),
    path("api/", include("budgets.api.urls")),
    path("", include("budgets.browse.urls")),
]

from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "预算公开 管理"
admin.site.site_title = "预算公开"
admin.site.index_title = "数据录入与发布"

urlpatterns = [
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]

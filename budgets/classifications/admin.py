import re

from django.contrib import admin

from budgets.disclosures.models import Document

from .models import DepartmentEconomicCode, FunctionCode, GovernmentEconomicCode

DOCUMENT_CHANGE_PATH = re.compile(r"/admin/disclosures/document/(\d+)/change/")


class CodeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "year", "parent"]
    list_filter = ["year"]
    list_select_related = ["parent"]
    search_fields = ["code", "name", "=year"]
    ordering = ["-year", "code"]
    readonly_fields = ["parent"]

    def get_search_results(self, request, queryset, search_term):
        """In the document form's code pickers, offer only the document's year.

        The autocomplete request does not say which document it serves, so the year is
        read from the page it was opened on; saving validates the year in any case.
        """
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        match = DOCUMENT_CHANGE_PATH.search(request.headers.get("referer", ""))
        if request.path.endswith("/autocomplete/") and match:
            year = Document.objects.filter(pk=match.group(1)).values_list("year", flat=True)
            queryset = queryset.filter(year__in=list(year))
        return queryset, may_have_duplicates


admin.site.register(FunctionCode, CodeAdmin)
admin.site.register(DepartmentEconomicCode, CodeAdmin)
admin.site.register(GovernmentEconomicCode, CodeAdmin)

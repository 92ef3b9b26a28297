from django.contrib import admin


class CodeAdmin(admin.ModelAdmin):
    """The yearly catalogues. Registered by ``disclosures.admin``, whose document form
    picks codes from them (``DocumentYearCodeAdmin``)."""

    list_display = ["code", "name", "year", "parent", "source"]
    list_filter = ["year", "source"]
    list_select_related = ["parent"]
    search_fields = ["code", "name", "=year"]
    ordering = ["-year", "code"]
    readonly_fields = ["parent", "source"]

    def save_model(self, request, obj, form, change):
        """A name a person types is the person's, whatever it came from before."""
        if "name" in form.changed_data:
            obj.source = obj.Source.ADMIN
        super().save_model(request, obj, form, change)

from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from budgets.disclosures.admin import of_locked, unlocked_documents

from .models import Goal, Indicator, TargetSet, Task


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0


class TaskInline(admin.TabularInline):
    model = Task
    extra = 0


class IndicatorInline(admin.TabularInline):
    model = Indicator
    extra = 0
    fields = ["level1", "level2", "number", "content", "value", "note"]


@admin.register(TargetSet)
class TargetSetAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "document", "period_total", "annual_total"]
    list_filter = ["kind", "document__year"]
    # by region, organisation and year, as documents are listed (the model orders by id)
    ordering = ["document", "kind", "id"]
    list_select_related = ["document"]
    search_fields = ["name", "document__title", "document__organisation__name"]
    autocomplete_fields = ["document", "project"]
    fieldsets = [
        (None, {"fields": ["document", "kind", "name", "project", "competent_department"]}),
        (
            _("资金"),
            {
                "fields": [
                    "period",
                    ("period_total", "period_fiscal", "period_other"),
                    ("annual_total", "annual_fiscal", "annual_other"),
                ]
            },
        ),
    ]
    inlines = [GoalInline, TaskInline, IndicatorInline]

    # A published or withdrawn document's targets change through its correction.

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not of_locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not of_locked(obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "document":
            kwargs["queryset"] = unlocked_documents()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

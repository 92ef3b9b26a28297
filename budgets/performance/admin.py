from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from budgets.disclosures.admin import OfUnlockedDocumentMixin

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
class TargetSetAdmin(OfUnlockedDocumentMixin, admin.ModelAdmin):
    """A document's target sets; a published or withdrawn document's change through its
    correction (``OfUnlockedDocumentMixin``)."""

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

"""Admin for documents' facts, laid out for a finance clerk entering one document: one
inline per fact kind, each edited on a page of its own. The document's own page, which
adds the review workflow to these, is ``budgets.review.admin``."""

import re

from django.contrib import admin
from django.forms.models import BaseInlineFormSet, ModelChoiceField
from django.utils.translation import gettext_lazy as _

from budgets.classifications.admin import CodeAdmin
from budgets.classifications.models import (
    DepartmentEconomicCode,
    FunctionCode,
    GovernmentEconomicCode,
)

from .amount_fields import DocumentAmountField, amount_formfield, shown
from .models import (
    BasicExpenditureSplit,
    Document,
    EconomicExpenditure,
    ExpenditureByType,
    Finding,
    FunctionExpenditure,
    PrintedSubtotal,
    Procurement,
    ProcurementItem,
    Project,
    RestrictedSpending,
    RevenueLine,
    Statement,
    TableNote,
    Template,
    TemplateTable,
)
from .money import MoneyField

CODE_FIELDS = ("function", "dept_economic", "gov_economic")


class DocumentFactFormSet(BaseInlineFormSet):
    """Checks each row's classification codes against the year of the document being edited,
    which a new document's rows cannot do on their own (it has no saved year yet)."""

    def clean(self):
        super().clean()
        if getattr(self.instance, "edit_conflict", False):
            self.mark_saved_values()
        year = self.instance.year
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.cleaned_data.get("DELETE"):
                continue
            for name in CODE_FIELDS:
                code = form.cleaned_data.get(name)
                if code is not None and year and code.year != year:
                    form.add_error(
                        name,
                        _("科目 %(code)s 属于 %(code_year)s 年目录，本文件为 %(year)s 年。")
                        % {"code": code.code, "code_year": code.year, "year": year},
                    )

    def mark_saved_values(self):
        """Someone saved the document since this page was read (``review.admin``'s
        DocumentForm refused the save): beside each cell typed otherwise than it is saved
        now, the saved value, so nobody undoes another person's change unseen."""
        for form in self.forms:
            if not form.instance.pk or not hasattr(form, "cleaned_data"):
                continue
            for name in form.changed_data:
                saved = saved_display(form.fields[name], form.initial.get(name), self.instance)
                form.add_error(name, saved_value_message(saved))


def saved_display(field, saved, document):
    """A saved form value as the form shows it: an amount in the document's unit, a
    chosen row by its name."""
    if isinstance(field, DocumentAmountField):
        return shown(saved, document.amount_unit)
    if isinstance(field, ModelChoiceField) and saved is not None:
        return field.queryset.filter(pk=saved).first()
    return saved


def saved_value_message(value):
    return _("已保存的值：%(value)s") % {"value": "—" if value in (None, "") else value}


class FactInlineMixin:
    """An inline of one fact kind, edited on its own page of the document (``?facts=<kind>``),
    a page of rows at a time, with amounts typed and shown in the document's unit."""

    formset = DocumentFactFormSet
    extra = 0
    #: Rows per page; a page's form stays far below DATA_UPLOAD_MAX_NUMBER_FIELDS.
    per_page = 100
    #: Blank rows offered for new facts on the last page.
    extra_rows = 3

    # A document that has been public is read-only (``Document.locked``): its rows change
    # through a correction. ``obj`` is the document.

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not (obj and obj.locked)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.locked)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.locked)

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        page_ids = getattr(request, "fact_page_ids", None)
        if page_ids is not None:
            queryset = queryset.filter(pk__in=page_ids)
        return queryset

    def get_extra(self, request, obj=None, **kwargs):
        page = getattr(request, "fact_page", None)
        if page is None or not self.has_add_permission(request, obj):
            return 0
        return self.extra_rows if not page.has_next() else 0

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, MoneyField):
            return amount_formfield(db_field, getattr(request, "budget_document", None))
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class FactInline(FactInlineMixin, admin.TabularInline):
    #: Django's tabular inline less the row label (the fact's str(), amount in 元) above
    #: inputs in the document's unit.
    template = "admin/disclosures/edit_inline/fact_tabular.html"


class RevenueLineInline(FactInline):
    model = RevenueLine
    autocomplete_fields = ["function"]


class FunctionExpenditureInline(FactInline):
    model = FunctionExpenditure
    autocomplete_fields = ["function"]


class EconomicExpenditureInline(FactInline):
    model = EconomicExpenditure
    autocomplete_fields = ["dept_economic", "gov_economic"]


class ExpenditureByTypeInline(FactInline):
    model = ExpenditureByType


class BasicExpenditureSplitInline(FactInline):
    model = BasicExpenditureSplit
    autocomplete_fields = ["function"]


class ProjectInline(FactInlineMixin, admin.StackedInline):
    model = Project
    per_page = 25
    extra_rows = 1
    autocomplete_fields = ["organisation"]
    fields = [("position", "category", "subcategory"), ("name", "amount"), "summary", "description"]


class RestrictedSpendingInline(FactInline):
    model = RestrictedSpending
    max_num = 2
    extra_rows = 1


class ProcurementInline(FactInlineMixin, admin.StackedInline):
    model = Procurement
    max_num = 1
    extra_rows = 1
    fields = [
        "total",
        ("goods", "works", "services"),
        ("reserved_for_sme", "reserved_for_small_micro"),
    ]


class ProcurementItemInline(FactInline):
    model = ProcurementItem
    per_page = 50
    autocomplete_fields = ["function", "dept_economic", "gov_economic"]


class TableNoteInline(FactInline):
    model = TableNote

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "table":
            kwargs["queryset"] = template_tables_of(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PrintedSubtotalInline(FactInline):
    """Subtotals a whole-元 document prints off the sum of its rows by rounding; the
    tables show these printed figures."""

    model = PrintedSubtotal
    fields = ["table", "row", "column", "amount"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "table":
            kwargs["queryset"] = template_tables_of(request)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def template_tables_of(request):
    """The tables of the edited document's template (all templates' for a new document)."""
    queryset = TemplateTable.objects.select_related("template")
    document = getattr(request, "budget_document", None)
    if document is not None and document.template_id:
        queryset = queryset.filter(template_id=document.template_id)
    return queryset


class StatementInline(FactInlineMixin, admin.StackedInline):
    model = Statement
    per_page = 25
    extra_rows = 1
    fields = [
        ("position", "topic", "subject"),
        ("amount", "count"),
        ("comparison", "comparison_amount"),
        ("direction", "change_amount", "change_percent"),
        "reason",
        "quote",
    ]


class FindingInline(FactInline):
    model = Finding
    can_delete = False
    readonly_fields = ["table", "row", "message"]

    def has_add_permission(self, request, obj=None):
        return False


#: The document's fact kinds, each edited on a page of its own, in the order a clerk
#: enters a document. The key (the model name) is the ``?facts=`` value.
FACT_INLINES = {
    inline.model._meta.model_name: inline
    for inline in (
        RevenueLineInline,
        FunctionExpenditureInline,
        EconomicExpenditureInline,
        BasicExpenditureSplitInline,
        ExpenditureByTypeInline,
        ProjectInline,
        RestrictedSpendingInline,
        ProcurementInline,
        ProcurementItemInline,
        TableNoteInline,
        PrintedSubtotalInline,
        StatementInline,
        FindingInline,
    )
}
FACTS_PARAM = "facts"
PAGE_PARAM = "p"


class TemplateTableInline(admin.TabularInline):
    model = TemplateTable
    extra = 0


@admin.register(Template)
class TemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    inlines = [TemplateTableInline]


class OfUnlockedDocumentMixin:
    """The admin of rows that belong to a document (``document``), reached on their own:
    those of a document that has been public are read-only (they change through its
    correction), and a new one goes only to a document that has not been public."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not of_locked(obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not of_locked(obj)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "document":
            kwargs["queryset"] = Document.objects.exclude(
                status__in=[Document.Status.PUBLISHED, Document.Status.WITHDRAWN]
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def of_locked(row):
    """Whether ``row`` belongs to a document that has been public (read-only)."""
    return row is not None and row.document.locked


@admin.register(Project)
class ProjectAdmin(OfUnlockedDocumentMixin, admin.ModelAdmin):
    """Projects are also reachable on their own, for the performance-target form's picker."""

    list_display = ["name", "amount", "document"]
    list_filter = ["document__year"]
    list_select_related = ["document"]
    search_fields = ["name", "document__title"]
    autocomplete_fields = ["document", "organisation"]

    def has_module_permission(self, request):
        return False


DOCUMENT_CHANGE_PATH = re.compile(r"/admin/disclosures/document/(\d+)/change/")


@admin.register(FunctionCode, DepartmentEconomicCode, GovernmentEconomicCode)
class DocumentYearCodeAdmin(CodeAdmin):
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

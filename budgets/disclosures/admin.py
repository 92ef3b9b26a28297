"""Admin for documents and their facts, laid out for a finance clerk entering one document."""

from django import forms
from django.contrib import admin, messages
from django.forms.models import BaseInlineFormSet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from . import arithmetic
from .models import (
    BasicExpenditureSplit,
    Document,
    EconomicExpenditure,
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

CODE_FIELDS = ("function", "dept_economic", "gov_economic")


class DocumentFactFormSet(BaseInlineFormSet):
    """Checks each row's classification codes against the year of the document being edited,
    which a new document's rows cannot do on their own (it has no saved year yet)."""

    def clean(self):
        super().clean()
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


class FactInline(admin.TabularInline):
    formset = DocumentFactFormSet
    extra = 0


class RevenueLineInline(FactInline):
    model = RevenueLine
    autocomplete_fields = ["function"]


class FunctionExpenditureInline(FactInline):
    model = FunctionExpenditure
    autocomplete_fields = ["function"]
    extra = 1


class EconomicExpenditureInline(FactInline):
    model = EconomicExpenditure
    autocomplete_fields = ["dept_economic", "gov_economic"]


class BasicExpenditureSplitInline(FactInline):
    model = BasicExpenditureSplit
    autocomplete_fields = ["function"]


class ProjectInline(admin.StackedInline):
    model = Project
    extra = 0
    autocomplete_fields = ["organisation"]
    fields = [("position", "category", "subcategory"), ("name", "amount"), "summary", "description"]


class RestrictedSpendingInline(FactInline):
    model = RestrictedSpending
    max_num = 2


class ProcurementInline(admin.StackedInline):
    model = Procurement
    extra = 0
    max_num = 1
    fields = [
        "total",
        ("goods", "works", "services"),
        ("reserved_for_sme", "reserved_for_small_micro"),
    ]


class ProcurementItemInline(FactInline):
    model = ProcurementItem
    autocomplete_fields = ["function", "dept_economic", "gov_economic"]


class TableNoteInline(FactInline):
    model = TableNote

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "table":
            kwargs["queryset"] = TemplateTable.objects.select_related("template")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PrintedSubtotalInline(FactInline):
    """Subtotals a whole-元 document prints off the sum of its rows by rounding; the
    tables show these printed figures."""

    model = PrintedSubtotal
    fields = ["table", "row", "column", "amount"]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "table":
            kwargs["queryset"] = TemplateTable.objects.select_related("template")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class StatementInline(admin.StackedInline):
    model = Statement
    extra = 0
    fields = [
        ("position", "topic", "subject"),
        ("amount", "count"),
        ("comparison", "comparison_amount"),
        ("direction", "change_amount", "change_percent"),
        "reason",
        "quote",
    ]


class FindingInline(admin.TabularInline):
    model = Finding
    extra = 0
    can_delete = False
    readonly_fields = ["table", "row", "message"]

    def has_add_permission(self, request, obj=None):
        return False


class DocumentForm(forms.ModelForm):
    source_url = forms.URLField(
        label=_("来源网址"), max_length=500, required=False, assume_scheme="https"
    )

    class Meta:
        model = Document
        fields = [
            "organisation",
            "year",
            "stage",
            "scope",
            "title",
            "template",
            "amount_unit",
            "amount_places",
            "status",
            "published_on",
            "source_name",
            "source_url",
            "source_sha256",
            "glossary",
        ]

    def clean(self):
        """Publishing without a date publishes today."""
        cleaned_data = super().clean()
        if cleaned_data.get("status") == Document.Status.PUBLISHED and not cleaned_data.get(
            "published_on"
        ):
            cleaned_data["published_on"] = timezone.localdate()
        return cleaned_data


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    form = DocumentForm
    # The title names the organisation; a separate column squeezed the list unreadably narrow.
    list_display = ["title", "year", "scope", "stage", "status", "published_on"]
    list_filter = ["status", "year", "scope", "stage", "template", "organisation__region"]
    search_fields = ["title", "organisation__name", "organisation__code"]
    autocomplete_fields = ["organisation"]
    date_hierarchy = "published_on"
    save_on_top = True
    actions = ["publish", "withdraw"]
    fieldsets = [
        (None, {"fields": ["organisation", ("year", "stage", "scope"), "title"]}),
        (_("模板与单位"), {"fields": [("template", "amount_unit", "amount_places")]}),
        (_("公开"), {"fields": [("status", "published_on")]}),
        (
            _("来源"),
            {
                "fields": ["source_name", "source_url", "source_sha256", "glossary"],
                "classes": ["collapse"],
            },
        ),
    ]
    inlines = [
        RevenueLineInline,
        FunctionExpenditureInline,
        EconomicExpenditureInline,
        BasicExpenditureSplitInline,
        ProjectInline,
        RestrictedSpendingInline,
        ProcurementInline,
        ProcurementItemInline,
        TableNoteInline,
        PrintedSubtotalInline,
        StatementInline,
        FindingInline,
    ]

    def save_related(self, request, form, formsets, change):
        """A document is published only if its figures agree with one another; otherwise it
        is kept as a draft, with every disagreement shown, and nothing entered is lost."""
        super().save_related(request, form, formsets, change)
        document = form.instance
        if document.status == Document.Status.PUBLISHED:
            problems = disagreements(document)
            if problems:
                Document.objects.filter(pk=document.pk).update(status=Document.Status.DRAFT)
                document.status = Document.Status.DRAFT
                report_disagreements(request, document, problems)

    @admin.action(description=_("发布所选文件（先核对）"), permissions=["change"])
    def publish(self, request, queryset):
        published = 0
        for document in queryset:
            problems = disagreements(document)
            if problems:
                report_disagreements(request, document, problems)
                continue
            document.status = Document.Status.PUBLISHED
            document.published_on = document.published_on or timezone.localdate()
            document.save(update_fields=["status", "published_on"])
            published += 1
        if published:
            messages.success(request, _("已发布 %(n)d 份文件。") % {"n": published})

    @admin.action(description=_("撤回所选文件"), permissions=["change"])
    def withdraw(self, request, queryset):
        count = queryset.update(status=Document.Status.WITHDRAWN)
        messages.success(request, _("已撤回 %(n)d 份文件。") % {"n": count})


def disagreements(document):
    """The arithmetic checks of a saved document's facts."""
    return arithmetic.check_document(
        revenue=list(document.revenuelines.all()),
        function_lines=list(document.functionexpenditures.all()),
        economic_lines=list(document.economicexpenditures.all()),
        basic_splits=list(document.basicexpendituresplits.all()),
    )


def report_disagreements(request, document, problems):
    messages.error(
        request,
        _("《%(title)s》未发布，数字不一致：%(problems)s")
        % {
            "title": document.title,
            "problems": "；".join(f"{p.table} {p.row}：{p.message}" for p in problems),
        },
    )


class TemplateTableInline(admin.TabularInline):
    model = TemplateTable
    extra = 0


@admin.register(Template)
class TemplateAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    inlines = [TemplateTableInline]


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    """Projects are also reachable on their own, for the performance-target form's picker."""

    list_display = ["name", "amount", "document"]
    list_filter = ["document__year"]
    list_select_related = ["document"]
    search_fields = ["name", "document__title"]
    autocomplete_fields = ["document", "organisation"]

    def has_module_permission(self, request):
        return False

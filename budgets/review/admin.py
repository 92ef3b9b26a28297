"""The admin page of a document: its own fields, a page per fact kind (the inlines of
``disclosures.admin``), and the review around them: the checks' findings, the workflow's
steps (submit, publish, return, withdraw, override) by permission, and every change's
history. It lives here, not in ``disclosures``, because it uses the review, and the review
imports ``disclosures``, never the other way round."""

from datetime import timedelta
from urllib.parse import urlencode

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from budgets.disclosures.admin import FACT_INLINES, FACTS_PARAM, PAGE_PARAM, saved_value_message
from budgets.disclosures.models import Document

from . import checks, corrections, history, recovery, workflow
from .models import DeletedDocument

DOCUMENT_FIELDS = [*corrections.IDENTITY_FIELDS, *corrections.CORRECTED_FIELDS]


class DocumentForm(forms.ModelForm):
    """The document's own fields. ``base_version`` carries the version the page was read
    at: a save over a change someone made since is refused (optimistic locking)."""

    source_url = forms.URLField(
        label=_("来源网址"), max_length=500, required=False, assume_scheme="https"
    )
    base_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Document
        fields = DOCUMENT_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "base_version" in self.fields:
            self.fields["base_version"].initial = self.instance.version

    def clean(self):
        cleaned_data = super().clean()
        if self.instance.pk and "base_version" in self.fields:
            # Inside the admin's transaction: the row stays locked until this save ends.
            current = (
                Document.objects.select_for_update()
                .filter(pk=self.instance.pk)
                .values_list("version", flat=True)
                .first()
            )
            if cleaned_data.get("base_version") != current:
                # Shown again with everything typed beside what is saved now, and based on
                # the current version: a second save is a deliberate choice to keep this
                # clerk's input over the values shown beside it. The fact rows' formset
                # marks its own cells (``disclosures.admin.DocumentFactFormSet``).
                self.data = self.data.copy()
                self.data["base_version"] = str(current)
                self.instance.edit_conflict = True
                self.mark_saved_values(cleaned_data)
                raise forms.ValidationError(conflict_message(self.instance), code="conflict")
            self.instance.version = current + 1
        return cleaned_data

    def mark_saved_values(self, cleaned_data):
        """An error beside each field whose saved value is not what the person typed."""
        saved = Document.objects.get(pk=self.instance.pk)
        for name in self.changed_data:
            if name in DOCUMENT_FIELDS and getattr(saved, name) != cleaned_data.get(name):
                self.add_error(name, saved_value_message(getattr(saved, name)))


def conflict_message(document):
    last = last_change(document)
    if last is None:
        who_when = _("其他人")
    else:
        who, when = last
        who_when = _("%(who)s 于 %(when)s") % {
            "who": who or _("其他人"),
            "when": timezone.localtime(when).strftime("%Y-%m-%d %H:%M:%S"),
        }
    return _(
        "未保存：在您打开本页之后，%(who_when)s 修改了本文件。您输入的内容都保留在下面，"
        "没有丢失。请在新窗口打开本页查看对方的修改；如确认以您的内容为准，再次点击“保存”。"
    ) % {"who_when": who_when}


def last_change(document):
    """(who, when) of the document's latest recorded change, or None."""
    history = getattr(Document, "history", None)
    if history is None:
        return None
    record = history.filter(id=document.pk).select_related("history_user").first()
    if record is None:
        return None
    user = record.history_user
    return (user.get_full_name() or user.get_username()) if user else None, record.history_date


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """A document's own fields on its page, with a count and a link for each fact kind;
    each fact kind is edited on a page of its own, a page of rows at a time, so every save
    stays small whatever the document's size (万里 2024: 1,500 fields in one form was
    refused by Django's 1,000-field limit)."""

    form = DocumentForm
    # The title names the organisation; a separate column squeezed the list unreadably narrow.
    list_display = ["title", "year", "scope", "stage", "status", "published_on", "correcting"]
    list_filter = ["status", "year", "scope", "stage", "template", "organisation__region"]
    search_fields = ["title", "organisation__name", "organisation__code"]
    autocomplete_fields = ["organisation"]
    date_hierarchy = "published_on"
    save_on_top = True
    actions = ["submit", "publish", "withdraw"]
    change_form_template = "admin/disclosures/document/change_form.html"

    def get_fieldsets(self, request, obj=None):
        if self.fact_kind(request, obj):
            return [(None, {"fields": ["base_version"]})]
        fieldsets = [
            (None, {"fields": ["organisation", ("year", "stage", "scope"), "title"]}),
            (_("模板与单位"), {"fields": [("template", "amount_unit", "amount_places")]}),
            (
                _("来源"),
                {
                    "fields": ["source_name", "source_url", "source_sha256", "glossary"],
                    "classes": ["collapse"],
                },
            ),
        ]
        if obj is not None:
            fieldsets[0][1]["fields"].append("base_version")
            fieldsets.insert(1, (_("报表数据"), {"fields": ["tables_overview"]}))
            fieldsets.insert(
                2,
                (
                    _("审核与公开"),
                    {
                        "fields": [
                            "status",
                            ("submitted_on", "submitted_by"),
                            ("published_on", "published_by"),
                            ("withdrawn_on", "withdrawn_by"),
                        ]
                    },
                ),
            )
        return fieldsets

    def get_readonly_fields(self, request, obj=None):
        return [
            "tables_overview",
            "status",
            "submitted_on",
            "submitted_by",
            "published_on",
            "published_by",
            "withdrawn_on",
            "withdrawn_by",
        ]

    @admin.display(description=_("更正稿"), boolean=True)
    def correcting(self, obj):
        """Whether the row is a correction in review (it bears the title it corrects)."""
        return obj.corrects_id is not None

    @admin.display(description=_("各表数据"))
    def tables_overview(self, obj):
        rows = []
        for kind, inline in FACT_INLINES.items():
            count = inline.model.objects.filter(document=obj).count()
            rows.append(
                format_html(
                    '<tr><th scope="row"><a href="?{}={}">{}</a></th><td class="num">{}</td></tr>',
                    FACTS_PARAM,
                    kind,
                    inline.model._meta.verbose_name_plural,
                    _("%(n)d 行") % {"n": count},
                )
            )
        return format_html(
            '<table class="fact-kinds"><tbody>{}</tbody></table><p class="help">{}</p>',
            format_html_join("", "{}", ((row,) for row in rows)),
            _("每类数据在单独的页面上分页编辑，金额按本文件的金额单位录入。"),
        )

    # Fact pages: ``?facts=<kind>&p=<page>``.

    def fact_kind(self, request, obj):
        kind = request.GET.get(FACTS_PARAM)
        return kind if obj is not None and kind in FACT_INLINES else None

    def fact_page(self, request, obj):
        """The page of the chosen fact kind's rows (cached on the request), or None."""
        kind = self.fact_kind(request, obj)
        if kind is None:
            return None
        if getattr(request, "fact_page_kind", None) != kind:
            inline = FACT_INLINES[kind]
            model = inline.model
            ordering = [*(model._meta.ordering or []), "pk"]
            ids = (
                model.objects.filter(document=obj).order_by(*ordering).values_list("pk", flat=True)
            )
            page = Paginator(ids, inline.per_page).get_page(request.GET.get(PAGE_PARAM))
            request.fact_page_kind = kind
            request.fact_page = page
            request.fact_page_ids = list(page.object_list)
        return request.fact_page

    def get_inlines(self, request, obj):
        request.budget_document = obj
        kind = self.fact_kind(request, obj)
        if kind is None:
            return []
        self.fact_page(request, obj)
        return [FACT_INLINES[kind]]

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        request.budget_document = obj
        return obj

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = dict(extra_context or {})
        obj = self.get_object(request, unquote(object_id))
        if obj is not None:
            extra_context.update(self.document_context(request, obj))
        return super().change_view(request, object_id, form_url, extra_context)

    def document_context(self, request, obj):
        kind = self.fact_kind(request, obj)
        page = self.fact_page(request, obj)
        context = {
            "fact_kind": kind,
            "fact_kinds": [
                (key, inline.model._meta.verbose_name_plural, f"?{FACTS_PARAM}={key}")
                for key, inline in FACT_INLINES.items()
            ],
            "document_url": reverse("admin:disclosures_document_change", args=[obj.pk]),
        }
        if not kind:
            context.update(self.review_context(request, obj))
        if kind:
            context["fact_title"] = FACT_INLINES[kind].model._meta.verbose_name_plural
            context["fact_page"] = page
            context["fact_page_links"] = [
                (number, f"?{urlencode({FACTS_PARAM: kind, PAGE_PARAM: number})}")
                for number in page.paginator.page_range
            ]
            context["title"] = _("%(title)s：%(kind)s") % {
                "title": obj.title,
                "kind": context["fact_title"],
            }
        return context

    # A document that has been public is read-only: it changes through a correction
    # (``corrections``), and is never deleted (withdraw it). Its fact pages follow
    # (``disclosures.admin.FactInlineMixin``).

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.locked)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.locked)

    def save_model(self, request, obj, form, change):
        if change:
            # Rows loaded by fixtures or imports have no history yet: give them one first,
            # so the history shows this change as old → new.
            corrections.record_baseline(obj, timezone.now() - timedelta(microseconds=1))
        super().save_model(request, obj, form, change)

    def delete_model(self, request, obj):
        """Kept whole before it goes (``recovery``): 已删除的文件 restores it."""
        try:
            recovery.delete(obj, request.user)
        except recovery.RecoveryError as error:
            raise PermissionDenied(str(error)) from error

    def delete_queryset(self, request, queryset):
        """The list's bulk delete: refused whole if any chosen document has been public."""
        if any(document.locked for document in queryset):
            raise PermissionDenied
        for document in queryset:
            self.delete_model(request, document)

    def response_add(self, request, obj, post_url_continue=None):
        # A new document's facts are entered on its page's table links: go there.
        if "_addanother" not in request.POST and "_popup" not in request.POST:
            request.POST = request.POST.copy()
            request.POST["_continue"] = "1"
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        kind = self.fact_kind(request, obj)
        if kind and "_saveasnew" not in request.POST:
            messages.success(
                request,
                _("已保存《%(title)s》的%(kind)s。")
                % {"title": obj.title, "kind": FACT_INLINES[kind].model._meta.verbose_name_plural},
            )
            return HttpResponseRedirect(request.get_full_path())
        return super().response_change(request, obj)

    # The review workflow (workflow.py), by permission.

    def has_submit_permission(self, request):
        return request.user.has_perm("disclosures.submit_document")

    def has_publish_permission(self, request):
        return request.user.has_perm("disclosures.publish_document")

    def has_withdraw_permission(self, request):
        return request.user.has_perm("disclosures.withdraw_document")

    def run_action(self, request, action, documents):
        done = 0
        for document in documents:
            try:
                workflow.ACTIONS[action](document, request.user)
            except workflow.WorkflowError as error:
                report_problems(request, error)
            else:
                done += 1
        if done:
            messages.success(
                request,
                _("已%(action)s %(n)d 份文件。")
                % {"action": workflow.ACTION_NAMES[action], "n": done},
            )

    @admin.action(description=_("提交所选文件审核（先核对）"), permissions=["submit"])
    def submit(self, request, queryset):
        self.run_action(request, "submit", queryset)

    @admin.action(description=_("发布所选文件（先核对）"), permissions=["publish"])
    def publish(self, request, queryset):
        self.run_action(request, "publish", queryset)

    @admin.action(description=_("撤回所选文件"), permissions=["withdraw"])
    def withdraw(self, request, queryset):
        self.run_action(request, "withdraw", queryset)

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/workflow/<slug:action>/",
                self.admin_site.admin_view(self.workflow_view),
                name="{}_{}_workflow".format(*info),
            ),
            path(
                "<path:object_id>/restore/<int:number>/",
                self.admin_site.admin_view(self.restore_view),
                name="{}_{}_restore".format(*info),
            ),
            *super().get_urls(),
        ]

    def workflow_view(self, request, object_id, action):
        """POST only: one workflow step (submit, publish, return, withdraw, override)."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        document = self.get_object(request, unquote(object_id))
        if document is None or action not in workflow.PERMISSIONS:
            raise PermissionDenied
        try:
            if action == "override":
                workflow.override(document, request.user, request.POST.get("override_reason"))
                messages.success(request, _("已记录放行理由。"))
            elif action == "correct":
                document = workflow.correct(document, request.user)
                messages.success(request, correction_message(document))
            else:
                corrected = document.corrects
                workflow.ACTIONS[action](document, request.user)
                messages.success(
                    request,
                    _("《%(title)s》已%(action)s。")
                    % {"title": document.title, "action": workflow.ACTION_NAMES[action]},
                )
                if action == "publish" and corrected is not None:
                    document = corrected  # the correction is gone, merged into it
        except workflow.WorkflowError as error:
            report_problems(request, error)
        return HttpResponseRedirect(
            reverse("admin:disclosures_document_change", args=[document.pk])
        )

    def review_context(self, request, obj):
        problems = checks.check(obj)
        blocking = {problem.key for problem in checks.blocking(obj, problems)}
        return {
            "problems": [(problem, problem.key in blocking) for problem in problems],
            "blocking_count": len(blocking),
            "overrides": list(obj.overrides.select_related("by")),
            "revisions": list(obj.revisions.select_related("by")),
            "workflow_actions": [
                (action, workflow.ACTION_NAMES[action])
                for action in ("submit", "publish", "return", "withdraw", "correct")
                if workflow.allowed(request.user, action, obj)
            ],
            **correction_context(obj),
            "can_override": workflow.allowed(request.user, "override", obj) and bool(blocking),
            "preview_url": preview_url(obj),
        }

    def history_view(self, request, object_id, extra_context=None):
        """Every change to the document and to each of its facts: who, when, old → new."""
        document = self.get_object(request, unquote(object_id))
        if document is None or not self.has_view_permission(request, document):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": document,
            "title": _("修改历史：%(title)s") % {"title": document.title},
            "changes": history.changes(document),
            "revisions": list(document.revisions.select_related("by")),
            "can_restore": workflow.allowed(request.user, "publish") and document.locked,
        }
        return TemplateResponse(request, "admin/disclosures/document/history.html", context)

    def restore_view(self, request, object_id, number):
        """POST only, reviewers: a correction bringing back an earlier revision."""
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        document = self.get_object(request, unquote(object_id))
        if document is None or not workflow.allowed(request.user, "publish"):
            raise PermissionDenied
        try:
            correction = corrections.restore_revision(document, number)
        except corrections.CorrectionError as error:
            messages.error(request, str(error))
            return HttpResponseRedirect(
                reverse("admin:disclosures_document_history", args=[document.pk])
            )
        messages.success(request, correction_message(correction))
        return HttpResponseRedirect(
            reverse("admin:disclosures_document_change", args=[correction.pk])
        )


def correction_context(document):
    """The correction in review of a locked document, or, on a correction, the document it
    corrects and the change cell by cell."""
    if document.corrects_id:
        return {
            "corrects": document.corrects,
            "pending_changes": corrections.cell_changes(document.corrects, document),
        }
    return {"open_correction": corrections.open_correction(document)}


def correction_message(correction):
    return _(
        "已为《%(title)s》建立更正稿：在此修改，提交审核；审核员批准后，公众才会看到更正。"
    ) % {"title": correction.title}


def preview_url(document):
    """The public document page, showing this document to staff whatever its status."""
    url = reverse(
        "browse:document",
        kwargs={"organisation": document.organisation_id, "year": document.year},
    )
    return f"{url}?preview={document.pk}"


def report_problems(request, error):
    details = "；".join(
        f"{problem.table} {problem.row}：{problem.message}".strip() for problem in error.problems
    )
    messages.error(request, f"{error.message}{details and '：' + details}")


@admin.register(DeletedDocument)
class DeletedDocumentAdmin(admin.ModelAdmin):
    """Deleted drafts and dropped corrections, each restorable whole by whoever may add
    documents."""

    list_display = ["title", "row_count", "deleted_by", "deleted_at", "restored_at"]
    list_filter = ["deleted_at", "restored_at"]
    search_fields = ["title"]
    readonly_fields = list_display
    fields = list_display
    actions = ["restore"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_restore_permission(self, request):
        return request.user.has_perm("disclosures.add_document")

    @admin.action(description=_("恢复所选文件"), permissions=["restore"])
    def restore(self, request, queryset):
        for deleted in queryset:
            try:
                document = recovery.restore(deleted, request.user)
            except recovery.RecoveryError as error:
                messages.error(request, str(error))
            else:
                messages.success(
                    request,
                    _("已恢复《%(title)s》（%(status)s）。")
                    % {"title": document.title, "status": document.get_status_display()},
                )

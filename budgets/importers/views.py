"""Admin screens: upload budget PDFs (several at once), see what would be imported, confirm.

The files are read once, identified by their covers and grouped into documents (a
document may come as two files, its narrative and its tables) exactly as the import
command does (``registry.source_files`` / ``registry.group_files``). The preview writes
no document: one section per document, with its tables, totals and findings, and, when
the document was imported before, its publication state and what will change. Each file
of a readable document is kept as a ``PendingUpload`` of the user who uploaded it (in the
database, so any app server can confirm it); the confirmation names the files' hashes and
finds only that user's uploads, which are read, grouped and checked again and their
hashes compared before anything is written. Each document is written in its own
transaction.

The publication state is the review's: an import saves a new document as a draft and
keeps an existing one's state; a user who may publish (``disclosures.publish_document``)
may choose to publish, which goes through the review workflow (its checks, who published,
a revision).
"""

import hashlib
from functools import partial
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from budgets.disclosures.arithmetic import total_of
from budgets.disclosures.models import Document, Template
from budgets.review import workflow

from . import registry
from .limits import extract_within, upload_limits
from .models import PendingUpload
from .pdf import ImportRefusedError
from .tables import COLUMN_NAMES
from .writer import existing_document, import_document

PUBLISH_PERMISSION = "disclosures.publish_document"


def max_file_bytes():
    return settings.IMPORT_MAX_FILE_MB * 1024 * 1024


class SizeLimitedUploadHandler(FileUploadHandler):
    """Counts each uploaded file's bytes as they arrive and stops keeping a file the moment
    it passes the limit (the rest of it is skipped, never stored), naming it in
    ``too_large`` for the form to refuse."""

    def __init__(self, request=None):
        super().__init__(request)
        self.too_large = []
        self.received = 0

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > max_file_bytes():
            self.too_large.append(Path(self.file_name or "").name)
            raise SkipFile
        return raw_data

    def file_complete(self, file_size):
        return None


def request_too_large(request):
    """Whether the request announces more bytes than the allowed files could hold: refused
    before a byte of the body is read."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > settings.IMPORT_MAX_FILES * max_file_bytes() + 1024 * 1024


def read_uploads(named_data):
    """registry.source_files within the upload limits (pages, time, memory)."""
    return registry.source_files(
        named_data, extractor=partial(extract_within, limits=upload_limits())
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one <input type=file multiple>."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ".pdf,application/pdf"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data]
        return [single(data, initial)]


class UploadForm(forms.Form):
    files = MultipleFileField(label=gettext_lazy("预算公开PDF文件（可多选）"))

    def __init__(self, *args, too_large=(), **kwargs):
        super().__init__(*args, **kwargs)
        #: Files the upload handler stopped keeping at the size limit.
        self.too_large = list(too_large)

    def clean(self):
        if self.too_large:
            self.add_error(
                "files",
                _("文件“%(names)s”超过%(limit)sMB，未读取。")
                % {"names": "、".join(self.too_large), "limit": settings.IMPORT_MAX_FILE_MB},
            )
        return super().clean()

    def clean_files(self):
        uploads = self.cleaned_data["files"]
        if len(uploads) > settings.IMPORT_MAX_FILES:
            raise forms.ValidationError(
                _("一次最多上传%(count)s个文件。") % {"count": settings.IMPORT_MAX_FILES}
            )
        return uploads


class ConfirmForm(forms.Form):
    """One document of the preview: its files' hashes, and what to do."""

    include = forms.BooleanField(label=gettext_lazy("导入这份文件"), required=False)
    sha256s = forms.RegexField(regex=r"^[0-9a-f]{64}(,[0-9a-f]{64})*$", widget=forms.HiddenInput)
    #: Every status, for the form to parse; what a user may choose for a document is
    #: ``status_choices``, offered in the preview and checked again on confirmation.
    status = forms.ChoiceField(
        label=gettext_lazy("导入后的公开状态"),
        choices=Document.Status.choices,
        widget=forms.RadioSelect,
    )
    force = forms.BooleanField(
        label=gettext_lazy("核对不一致也导入（问题记录为核对问题）"), required=False
    )


ConfirmFormSet = forms.formset_factory(ConfirmForm, extra=0, max_num=settings.IMPORT_MAX_FILES)

#: How many rows of each kind of fact (model name) the writer stores from a read document.
PLANNED = {
    "TableNote": lambda parsed: len(parsed.tables),
    "RevenueLine": lambda parsed: len(parsed.revenue),
    "FunctionExpenditure": lambda parsed: len(parsed.expenditure),
    "BasicExpenditureSplit": lambda parsed: len(parsed.basic_splits),
    "EconomicExpenditure": lambda parsed: len(parsed.economic),
    "ExpenditureByType": lambda parsed: len(getattr(parsed, "by_type", ())),
    "Project": lambda parsed: len({project.name[:300] for project in parsed.narrative.projects}),
    "RestrictedSpending": lambda parsed: int(parsed.restricted is not None),
    "Procurement": lambda parsed: int(bool(parsed.narrative.procurement)),
    "ProcurementItem": lambda parsed: len(getattr(parsed, "procurement_items", ())),
    "AdministrativeRunningLine": lambda parsed: len(getattr(parsed, "running", ())),
    "Statement": lambda parsed: len(
        {(fields["topic"], fields["subject"]) for fields in parsed.statements}
    ),
    "PrintedSubtotal": lambda parsed: len(parsed.printed_subtotals),
    "Finding": lambda parsed: len(parsed.errors) + len(parsed.warnings),
}


def require_permission(request):
    if not request.user.has_perm("disclosures.add_document"):
        raise PermissionDenied


def context(request, **extra):
    return {**admin.site.each_context(request), "title": _("导入预算公开PDF"), **extra}


def summary(parsed):
    """What would be imported: one row per table with its row count and printed totals."""
    return [
        {
            "number": number,
            "title": table.title,
            "unit": getattr(table, "unit", parsed.amount_unit),
            "rows": row_count(table),
            "totals": [(name, f"{value:,.2f}") for name, value in printed_totals(table)],
            "note": table.note,
        }
        for number, table in sorted(parsed.tables.items(), key=lambda item: int(item[0]))
    ]


# A family's reader keeps a table's printed figures in one of two shapes: its rows and
# totals apart (``importers.tables.Table``: ``rows``, ``total``, ``left_total``), or every
# cell by row and column (``cells``: {(row, column): amount}, the rows' printed ``labels``).
# A reader that turns a table's grid straight into facts keeps no figures with the table:
# the preview shows its title and note only.


def row_count(table):
    """How many rows the table prints, or None when its reader keeps no rows with it."""
    if hasattr(table, "cells"):
        return len({row for row, _column in table.cells})
    return table.row_count() if hasattr(table, "row_count") else None


def printed_totals(table):
    """[(name, amount)] of the figures the table prints on its total row(s)."""
    if hasattr(table, "cells"):
        return cell_totals(table)
    rows = getattr(table, "rows", None)
    printed = (
        getattr(table, "total", None)
        or getattr(table, "left_total", None)
        or (rows[0].amounts if rows else {})
    )
    return [
        (COLUMN_NAMES.get(key, key), value) for key, value in printed.items() if value is not None
    ]


def cell_totals(table):
    """The printed figures of a table of cells on its total rows, else on its one row, each
    named by its row's label and its column."""
    rows = list(dict.fromkeys(row for row, _column in table.cells))
    totals = [row for row in rows if is_total_row(table, row)] or rows[:1]
    return [
        (cell_name(table.labels.get(row, ""), column), value)
        for (row, column), value in table.cells.items()
        if row in totals and value is not None
    ]


def is_total_row(table, row):
    """Whether a row of a table of cells is a total: keyed as one (revenue_total,
    total_in …) or printed as one (…合计)."""
    return "total" in row or table.labels.get(row, "").endswith(COLUMN_NAMES["total"])


def cell_name(label, column):
    """“合计·财政拨款收入”: a row's label and its column's name, either alone where the
    other is missing or the same (a column key “budget:total” is named as “total”)."""
    parts = [label, COLUMN_NAMES.get(column.rpartition(":")[2], "")]
    return "·".join(dict.fromkeys(part for part in parts if part)) or column


def money(amount):
    return "—" if amount is None else f"{amount:,.2f}"


def changes(existing, parsed):
    """Rows (label, before, after, changed) comparing a document already imported with
    the one read: totals, then the number of each kind of fact."""
    before_revenue = total_of(existing.revenuelines.values_list("amount", flat=True))
    before_spending = total_of(existing.functionexpenditures.values_list("amount", flat=True))
    after_revenue = total_of(line.amount for line in parsed.revenue)
    after_spending = total_of(line.amount for line in parsed.expenditure)
    rows = [
        (_("收入合计（元）"), money(before_revenue), money(after_revenue)),
        (_("支出合计（元）"), money(before_spending), money(after_spending)),
    ]
    for relation in Document._meta.related_objects:
        model = relation.related_model
        before = model.objects.filter(**{relation.field.name: existing}).count()
        planned = PLANNED.get(model.__name__)
        after = planned(parsed) if planned else before  # not replaced by an import
        if before or after:
            rows.append((model._meta.verbose_name_plural, before, after))
    return [(label, before, after, before != after) for label, before, after in rows]


def status_choices(user, existing):
    """The statuses a confirmation may leave a document in: the one it has (a new
    document: draft), never back to draft; published too for a user who may publish, unless
    the document has been public (its import is then a correction, for review)."""
    current = existing.status if existing else Document.Status.DRAFT
    allowed = {current}
    if user.has_perm(PUBLISH_PERMISSION) and not (existing and existing.locked):
        allowed.add(Document.Status.PUBLISHED)
    return [(value, label) for value, label in Document.Status.choices if value in allowed]


def preview_group(group, user):
    """The preview of one document (or one file refused before reading)."""
    item = {"label": group.label, "names": group.names, "error": group.error}
    if group.error:
        return item
    try:
        template = Template.objects.get(code=group.identity.template)
        parsed = group.read(template)
    except Template.DoesNotExist:
        item["error"] = _("数据库中没有公开模板“%(code)s”。") % {"code": group.identity.template}
        return item
    except ImportRefusedError as error:
        item["error"] = str(error)
        return item
    existing = existing_document(parsed)
    item.update(
        parsed=parsed,
        files=[(source.sha256, source.name) for source in group.files],
        tables=summary(parsed),
        units=parsed.narrative.units,
        existing=existing,
        changes=changes(existing, parsed) if existing else [],
        statuses=status_choices(user, existing),
        initial={
            "include": True,
            "sha256s": ",".join(source.sha256 for source in group.files),
            "status": existing.status if existing else Document.Status.DRAFT,
        },
    )
    return item


@csrf_exempt  # the upload handler must be in place before the CSRF check reads the body
def upload(request):
    require_permission(request)
    PendingUpload.objects.stale().delete()
    if request.method == "POST" and request_too_large(request):
        refusal = _("上传内容超过上限（每次最多%(count)s个文件，每个%(limit)sMB），未读取。") % {
            "count": settings.IMPORT_MAX_FILES,
            "limit": settings.IMPORT_MAX_FILE_MB,
        }
        page = context(request, form=UploadForm(), refusal=refusal)
        return render(request, "importers/upload.html", page, status=413)
    handler = SizeLimitedUploadHandler(request)
    request.upload_handlers.insert(0, handler)
    return checked_upload(request, handler)


@csrf_protect
def checked_upload(request, handler):
    form = UploadForm(request.POST or None, request.FILES or None, too_large=handler.too_large)
    if request.method == "POST" and form.is_valid():
        uploads = [(Path(upload.name).name, upload.read()) for upload in form.cleaned_data["files"]]
        groups = registry.group_files(read_uploads(uploads))
        documents = [preview_group(group, request.user) for group in groups]
        readable = [item for item in documents if not item["error"]]
        keep_uploads(request.user, readable, [data for _name, data in uploads])
        formset = ConfirmFormSet(initial=[item["initial"] for item in readable])
        for item, confirm in zip(readable, formset.forms, strict=True):
            item["form"] = confirm
            confirm.fields["status"].choices = item["statuses"]
        can_publish = request.user.has_perm(PUBLISH_PERMISSION)
        page = context(
            request,
            documents=documents,
            formset=formset,
            readable=readable,
            can_publish=can_publish,
        )
        return render(request, "importers/preview.html", page)
    return render(request, "importers/upload.html", context(request, form=form))


def keep_uploads(user, readable, uploads):
    """Keep each file of the readable documents as ``user``'s pending upload (uploading
    the same file again renews it)."""
    data = {hashlib.sha256(content).hexdigest(): content for content in uploads}
    for item in readable:
        for sha256, name in item["files"]:
            PendingUpload.objects.update_or_create(
                uploaded_by=user,
                sha256=sha256,
                defaults={"name": name[:255], "data": data[sha256], "uploaded_at": timezone.now()},
            )


def pending_files(user, sha256s):
    """(name, bytes) of ``user``'s pending upload of each hash, or None when one is missing
    (never uploaded, another user's, removed as stale) or its bytes no longer match."""
    uploads = PendingUpload.objects.filter(uploaded_by=user, sha256__in=sha256s)
    by_hash = {upload.sha256: upload for upload in uploads}
    files = []
    for sha256 in sha256s:
        upload = by_hash.get(sha256)
        if upload is None or hashlib.sha256(upload.data).hexdigest() != sha256:
            return None
        files.append((upload.name, bytes(upload.data)))
    return files


def read_confirmed(form, user):
    """(DocumentGroup, files) of a confirmed document read again from ``user``'s uploads;
    ImportRefusedError when they are gone or are not one readable document."""
    files = pending_files(user, form.cleaned_data["sha256s"].split(","))
    if files is None:
        raise ImportRefusedError(_("找不到已上传的文件或文件已改变，请重新上传。"))
    groups = registry.group_files(read_uploads(files))
    if len(groups) != 1 or groups[0].error:
        raise ImportRefusedError(groups[0].error if groups else _("没有可导入的文件。"))
    return groups[0], files


def refuse_status(user, existing, status, title):
    """ImportRefusedError when ``user`` may not leave the document in ``status``."""
    allowed = dict(status_choices(user, existing))
    if status not in allowed:
        raise ImportRefusedError(
            _("《%(title)s》不能导入为“%(status)s”：您只能选择%(allowed)s。")
            % {
                "title": title,
                "status": Document.Status(status).label,
                "allowed": "、".join(f"“{label}”" for label in allowed.values()),
            }
        )


def confirm_one(form, user):
    """Import one confirmed document as a draft, or keeping the state it has: (Document,
    its status before, None when new); ImportRefusedError why not. Publishing is the review
    workflow's (``publish_imported``)."""
    sha256s = form.cleaned_data["sha256s"].split(",")
    group, files = read_confirmed(form, user)
    try:
        template = Template.objects.get(code=group.identity.template)
    except Template.DoesNotExist:
        raise ImportRefusedError(
            _("数据库中没有公开模板“%(code)s”。") % {"code": group.identity.template}
        ) from None
    parsed = group.read(template)
    existing = existing_document(parsed)
    refuse_status(user, existing, form.cleaned_data["status"], parsed.title)
    document = import_document(
        parsed,
        template,
        publish=None,
        force=form.cleaned_data["force"],
        source_name="、".join(group.names)[:255],
        sources=files,
        pages=group.pages,
    )
    PendingUpload.objects.filter(uploaded_by=user, sha256__in=sha256s).delete()
    return document, existing.status if existing else None


def publish_imported(document, user):
    """Publish an imported document through the review workflow, which runs its checks and
    records who published it and a revision; a draft is submitted first, by the same
    person. None, or the workflow's refusal (the document then keeps its state)."""
    try:
        with transaction.atomic():
            if document.status == Document.Status.DRAFT:
                workflow.submit(document, user)
            workflow.publish(document, user)
    except workflow.WorkflowError as error:
        document.refresh_from_db()
        return error.message
    return None


def confirm(request):
    require_permission(request)
    PendingUpload.objects.stale().delete()
    if request.method != "POST":
        return redirect("importers:upload")
    formset = ConfirmFormSet(request.POST)
    if not formset.is_valid():
        messages.error(request, _("确认信息无效，请重新上传文件。"))
        return redirect("importers:upload")
    chosen = [form for form in formset.forms if form.cleaned_data.get("include")]
    imported = [document for form in chosen if (document := confirmed(request, form))]
    if len(imported) == 1:
        return redirect(reverse("admin:disclosures_document_change", args=[imported[0].pk]))
    if imported:
        return redirect(reverse("admin:disclosures_document_changelist"))
    if not chosen:
        messages.warning(request, _("没有选择要导入的文件。"))
    return redirect("importers:upload")


def confirmed(request, form):
    """Import (and, if chosen, publish) one document, each outcome in a message; the
    Document, or None when it was refused."""
    try:
        document, before = confirm_one(form, request.user)
    except ImportRefusedError as error:
        messages.error(request, str(error))
        return None
    refusal = None
    published = Document.Status.PUBLISHED
    if form.cleaned_data["status"] == published and before != published:
        refusal = publish_imported(document, request.user)
    messages.success(
        request,
        _("已导入《%(title)s》（%(status)s）。")
        % {"title": document.title, "status": document.get_status_display()},
    )
    if refusal:
        messages.warning(request, _("未能公开：%(reason)s") % {"reason": refusal})
    return document

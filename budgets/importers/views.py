"""Admin screens: upload budget PDFs (several at once), see what would be imported, confirm.

The files are read once, identified by their covers and grouped into documents (a
document may come as two files, its narrative and its tables) exactly as the import
command does (``registry.source_files`` / ``registry.group_files``). The preview writes
nothing: one section per document, with its tables, totals and findings, and, when the
document was imported before, its publication state and what will change. Each uploaded
file is kept in a temporary folder under its SHA-256; the confirmation names those
hashes, and the files are read, grouped and checked again and their hashes compared
before anything is written. Each document is written in its own transaction.
"""

import hashlib
import tempfile
import time
from functools import partial
from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from budgets.disclosures.arithmetic import total_of
from budgets.disclosures.models import Document, Template

from . import registry
from .limits import extract_within, upload_limits
from .pdf import ImportRefusedError
from .tables import COLUMN_NAMES
from .writer import existing_document, import_document

UPLOAD_DIR = Path(tempfile.gettempdir()) / "budget-imports"


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


def remove_stale_uploads():
    """Remove uploads kept for a preview that was never confirmed."""
    if not UPLOAD_DIR.is_dir():
        return
    oldest = time.time() - settings.IMPORT_PREVIEW_HOURS * 3600
    for path in UPLOAD_DIR.glob("*.pdf"):
        if path.stat().st_mtime < oldest:
            path.unlink(missing_ok=True)


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
    """One document of the preview: its files' hashes and names, and what to do."""

    include = forms.BooleanField(label=gettext_lazy("导入这份文件"), required=False)
    sha256s = forms.RegexField(regex=r"^[0-9a-f]{64}(,[0-9a-f]{64})*$", widget=forms.HiddenInput)
    names = forms.CharField(max_length=2000, widget=forms.HiddenInput)
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


def stored_path(sha256):
    return UPLOAD_DIR / f"{sha256}.pdf"


def summary(parsed):
    """What would be imported: one row per table with its row count and printed totals."""
    tables = []
    for number, table in sorted(parsed.tables.items(), key=lambda item: int(item[0])):
        printed = table.total or table.left_total or (table.rows[0].amounts if table.rows else {})
        totals = [
            (COLUMN_NAMES.get(key, key), f"{value:,.2f}")
            for key, value in printed.items()
            if value is not None
        ]
        tables.append(
            {
                "number": number,
                "title": table.title,
                "unit": table.unit,
                "rows": table.row_count(),
                "totals": totals,
                "note": table.note,
            }
        )
    return tables


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


def preview_group(group):
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
        tables=summary(parsed),
        units=parsed.narrative.units,
        existing=existing,
        changes=changes(existing, parsed) if existing else [],
        initial={
            "include": True,
            "sha256s": ",".join(source.sha256 for source in group.files),
            "names": "/".join(group.names),
            "status": existing.status if existing else Document.Status.DRAFT,
        },
    )
    return item


@csrf_exempt  # the upload handler must be in place before the CSRF check reads the body
def upload(request):
    require_permission(request)
    remove_stale_uploads()
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
        documents = [preview_group(group) for group in groups]
        readable = [item for item in documents if not item["error"]]
        UPLOAD_DIR.mkdir(parents=True, exist_ok=True)
        kept = {sha256 for item in readable for sha256 in item["initial"]["sha256s"].split(",")}
        for _name, data in uploads:
            sha256 = hashlib.sha256(data).hexdigest()
            if sha256 in kept:
                stored_path(sha256).write_bytes(data)
                kept.discard(sha256)
        formset = ConfirmFormSet(initial=[item["initial"] for item in readable])
        for item, confirm in zip(readable, formset.forms, strict=True):
            item["form"] = confirm
            current = item["existing"].status if item["existing"] else None
            confirm.fields["status"].choices = [
                (value, label)
                for value, label in Document.Status.choices
                if value in (Document.Status.DRAFT, Document.Status.PUBLISHED, current)
            ]
        return render(
            request,
            "importers/preview.html",
            context(request, documents=documents, formset=formset, readable=readable),
        )
    return render(request, "importers/upload.html", context(request, form=form))


def stored_files(sha256s, names):
    """(name, bytes) of each stored upload, or None when one is missing or changed."""
    files = []
    for sha256, name in zip(sha256s, names, strict=False):
        path = stored_path(sha256)
        data = path.read_bytes() if path.is_file() else b""
        if hashlib.sha256(data).hexdigest() != sha256:
            return None
        files.append((name, data))
    return files


def confirm_one(form):
    """Import one confirmed document; (Document, None) or (None, why not)."""
    sha256s = form.cleaned_data["sha256s"].split(",")
    names = form.cleaned_data["names"].split("/")
    files = stored_files(sha256s, names)
    if files is None or len(names) != len(sha256s):
        return None, _("找不到已上传的文件或文件已改变，请重新上传。")
    groups = registry.group_files(read_uploads(files))
    if len(groups) != 1 or groups[0].error:
        return None, groups[0].error if groups else _("没有可导入的文件。")
    group = groups[0]
    try:
        template = Template.objects.get(code=group.identity.template)
        parsed = group.read(template)
        existing = existing_document(parsed)
        status = form.cleaned_data["status"]
        if existing is not None and status == existing.status:
            publish = None  # as it is, with its date
        elif status in (Document.Status.DRAFT, Document.Status.PUBLISHED):
            publish = status == Document.Status.PUBLISHED
        else:
            return None, _("导入时只能保存为草稿或公开。")
        document = import_document(
            parsed,
            template,
            publish=publish,
            force=form.cleaned_data["force"],
            source_name="、".join(group.names)[:255],
            sources=files,
            pages=group.pages,
        )
    except Template.DoesNotExist:
        return None, _("数据库中没有公开模板“%(code)s”。") % {"code": group.identity.template}
    except ImportRefusedError as error:
        return None, str(error)
    for sha256 in sha256s:
        stored_path(sha256).unlink(missing_ok=True)
    return document, None


def confirm(request):
    require_permission(request)
    if request.method != "POST":
        return redirect("importers:upload")
    formset = ConfirmFormSet(request.POST)
    if not formset.is_valid():
        messages.error(request, _("确认信息无效，请重新上传文件。"))
        return redirect("importers:upload")
    imported = []
    for form in formset.forms:
        if not form.cleaned_data.get("include"):
            continue
        document, error = confirm_one(form)
        if document is None:
            messages.error(request, error)
            continue
        imported.append(document)
        messages.success(
            request,
            _("已导入《%(title)s》（%(status)s）。")
            % {"title": document.title, "status": document.get_status_display()},
        )
    if len(imported) == 1:
        return redirect(reverse("admin:disclosures_document_change", args=[imported[0].pk]))
    if imported:
        return redirect(reverse("admin:disclosures_document_changelist"))
    if not any(form.cleaned_data.get("include") for form in formset.forms):
        messages.warning(request, _("没有选择要导入的文件。"))
    return redirect("importers:upload")

"""Admin screens: upload budget PDFs (several at once), see what would be imported, confirm.

The upload keeps each file as a ``PendingUpload`` of the user who uploaded it (in the
database, so any app server can confirm it) and starts a preview job
(``importers.jobs``): the files are read, identified by their covers and grouped into
documents (a document may come as two files, its narrative and its tables) exactly as the
import command does (``registry.source_files`` / ``registry.group_files``). The job's page
shows each file's progress, then the preview, which writes no document: one section per
document, with its tables, totals and findings, and, when the document was imported
before, its publication state and what will change. Only the files of readable documents
stay pending. The confirmation names the files' hashes and starts an import job, which
finds only that user's uploads, reads, groups and checks them again and compares their
hashes before anything is written; each document is written in its own transaction, and
the job's page shows each one's outcome.

A job is its starter's: another user gets a 404 for its page and its confirmation (a
superuser may look at any job, and confirm only their own).

The publication state is the review's: an import saves a new document as a draft and
keeps an existing one's state; a user who may publish (``disclosures.publish_document``)
may choose to publish, which goes through the review workflow (its checks, who published,
a revision).
"""

from pathlib import Path

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from budgets.disclosures.models import Document

from . import jobs
from .models import ImportJob, PendingUpload


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
    #: ``jobs.status_choices``, offered in the preview and checked again by the import.
    status = forms.ChoiceField(
        label=gettext_lazy("导入后的公开状态"),
        choices=Document.Status.choices,
        widget=forms.RadioSelect,
    )
    force = forms.BooleanField(
        label=gettext_lazy("核对不一致也导入（问题记录为核对问题）"), required=False
    )


ConfirmFormSet = forms.formset_factory(ConfirmForm, extra=0, max_num=settings.IMPORT_MAX_FILES)


def require_permission(request):
    if not request.user.has_perm("disclosures.add_document"):
        raise PermissionDenied


def context(request, **extra):
    return {**admin.site.each_context(request), "title": _("导入预算公开PDF"), **extra}


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
    """Keep the uploaded files and start their preview, whose page the user is sent to."""
    form = UploadForm(request.POST or None, request.FILES or None, too_large=handler.too_large)
    if request.method == "POST" and form.is_valid():
        uploads = [(Path(upload.name).name, upload.read()) for upload in form.cleaned_data["files"]]
        return redirect(jobs.start_preview(request.user, uploads))
    return render(request, "importers/upload.html", context(request, form=form))


def job_page(request, pk):
    """A job's page: each file's progress (reloading itself until the job ends), then the
    preview and its confirmation, or each document's outcome."""
    require_permission(request)
    job = get_object_or_404(ImportJob.objects.visible_to(request.user), pk=pk)
    jobs.refresh(job)
    files = [{**row, "state_label": ImportJob.FileState(row["state"]).label} for row in job.files]
    page = context(request, job=job, files=files)
    if job.state == ImportJob.State.DONE and job.kind == ImportJob.Kind.PREVIEW:
        page.update(preview(request, job))
    elif job.state == ImportJob.State.DONE:
        page.update(outcomes=[outcome(item) for item in job.result])
    return render(request, "importers/job.html", page)


def preview(request, job):
    """The preview's documents; the confirmation's forms for its starter only."""
    documents = [dict(item) for item in job.result]
    for item in documents:
        if item.get("existing"):
            existing = item["existing"]
            item["existing"] = {**existing, "label": Document.Status(existing["status"]).label}
    readable = [item for item in documents if not item["error"]]
    formset = None
    if readable and request.user == job.started_by:
        formset = ConfirmFormSet(initial=[item["initial"] for item in readable])
        for item, form in zip(readable, formset.forms, strict=True):
            item["form"] = form
            statuses = item["statuses"]
            form.fields["status"].choices = [
                (value, label) for value, label in Document.Status.choices if value in statuses
            ]
    return {
        "documents": documents,
        "readable": readable,
        "formset": formset,
        "can_publish": request.user.has_perm(jobs.PUBLISH_PERMISSION),
    }


def outcome(item):
    """An imported document's outcome as the page says it."""
    if item["error"]:
        return {**item, "message": item["error"]}
    message = _("已导入《%(title)s》（%(status)s）。") % {
        "title": item["label"],
        "status": Document.Status(item["status"]).label,
    }
    refusal = item["publish_refusal"]
    return {
        **item,
        "message": message,
        "refusal": refusal and _("未能公开：%(reason)s") % {"reason": refusal},
        "url": reverse("admin:disclosures_document_change", args=[item["document"]]),
    }


def confirm(request, pk):
    """Start importing the documents chosen on a preview: only its starter may confirm it,
    and the import reads only the files they uploaded."""
    require_permission(request)
    kind = ImportJob.Kind.PREVIEW
    previewed = get_object_or_404(ImportJob, pk=pk, kind=kind, started_by=request.user)
    PendingUpload.objects.stale().delete()
    if request.method != "POST":
        return redirect(previewed)
    formset = ConfirmFormSet(request.POST)
    if not formset.is_valid():
        messages.error(request, _("确认信息无效，请重新上传文件。"))
        return redirect("importers:upload")
    chosen = [form.cleaned_data for form in formset.forms if form.cleaned_data.get("include")]
    if not chosen:
        messages.warning(request, _("没有选择要导入的文件。"))
        return redirect("importers:upload")
    documents = [
        {
            "sha256s": choice["sha256s"].split(","),
            "status": choice["status"],
            "force": choice["force"],
            "whole": True,
        }
        for choice in chosen
    ]
    return redirect(jobs.start_import(request.user, documents))

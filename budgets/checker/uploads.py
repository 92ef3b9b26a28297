"""The checker's upload: one document's PDFs, held in memory for the request only.

A request announcing more than the caps allow is refused before its body is read
(``too_large``). The rest is read by ``MemoryUploadHandler``, the request's only upload
handler: Django's own would write a file over 2.5 MB to a temporary file on disk, and the
checker keeps no file anywhere. It counts each file's bytes and all of them as they arrive
and drops a file the moment it passes its cap, naming it for the form to refuse.
"""

import io
from pathlib import Path

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

MB = 1024 * 1024
#: What the multipart form around the files may add to the request's length.
FORM_BYTES = 64 * 1024


def file_cap():
    return settings.CHECKER_MAX_FILE_MB * MB


def total_cap():
    return settings.CHECKER_MAX_UPLOAD_MB * MB


def too_large(request):
    """Whether the request announces more bytes than the files may have together."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > total_cap() + FORM_BYTES


def limits_message():
    return _("每次最多%(count)s个文件，每个不超过%(file)sMB，合计不超过%(total)sMB。") % {
        "count": settings.CHECKER_MAX_FILES,
        "file": settings.CHECKER_MAX_FILE_MB,
        "total": settings.CHECKER_MAX_UPLOAD_MB,
    }


class MemoryUploadHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        #: The names of the files dropped at a cap.
        self.too_large = []
        self.received = 0
        self.buffer = None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if start + len(raw_data) > file_cap() or self.received > total_cap():
            self.too_large.append(Path(self.file_name or "").name)
            raise SkipFile
        self.buffer.write(raw_data)
        return None

    def file_complete(self, file_size):
        self.buffer.seek(0)
        return InMemoryUploadedFile(
            self.buffer,
            self.field_name,
            self.file_name,
            self.content_type,
            file_size,
            self.charset,
            self.content_type_extra,
        )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class PdfFiles(forms.FileField):
    """The files of one <input type=file multiple>, each as (name, bytes)."""

    widget = MultipleFileInput(attrs={"accept": ".pdf,application/pdf"})

    def clean(self, data, initial=None):
        files = [item for item in (data if isinstance(data, list | tuple) else [data]) if item]
        if not files and self.required:
            raise forms.ValidationError(self.error_messages["required"], code="required")
        return [pdf_file(upload) for upload in files]


def pdf_file(upload):
    """(name, bytes) of an uploaded PDF; a clear refusal for an empty file or another kind."""
    name = Path(upload.name or "").name
    data = upload.read()
    if not data:
        raise forms.ValidationError(_("文件“%(name)s”是空的。") % {"name": name})
    # A PDF's header may follow up to 1 KB of other bytes (ISO 32000-1, 7.5.2, note).
    if b"%PDF-" not in data[:1024]:
        raise forms.ValidationError(_("文件“%(name)s”不是PDF文件，只能核对PDF。") % {"name": name})
    return name, data


class CheckForm(forms.Form):
    files = PdfFiles(
        label=gettext_lazy("同一份公开文件的PDF（可多选）"),
        help_text=gettext_lazy("江苏等地的文件分为说明和表格两个PDF时，一起选择。"),
        error_messages={"required": gettext_lazy("请选择要核对的PDF文件。")},
    )

    def __init__(self, *args, too_large=(), **kwargs):
        super().__init__(*args, **kwargs)
        #: Files the upload handler dropped at a cap: refused for that, not as missing.
        self.too_large = list(too_large)
        self.fields["files"].required = not self.too_large

    def clean_files(self):
        files = self.cleaned_data["files"]
        if len(files) > settings.CHECKER_MAX_FILES:
            raise forms.ValidationError(
                _("一次最多核对%(count)s个文件。") % {"count": settings.CHECKER_MAX_FILES}
            )
        return files

    def clean(self):
        if self.too_large:
            self.add_error(
                "files",
                _("文件“%(names)s”超过大小上限，未读取。") % {"names": "、".join(self.too_large)}
                + limits_message(),
            )
        return super().clean()

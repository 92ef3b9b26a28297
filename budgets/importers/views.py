"""Admin screens: upload a budget PDF, see what would be imported, confirm.

The preview writes nothing. The uploaded file is kept in a temporary folder under its
SHA-256; the confirmation names that hash, and the file is read and checked again and
its hash compared before anything is written (in one transaction).
"""

import hashlib
import re
import tempfile
from pathlib import Path

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgets.disclosures.models import Template

from .management.commands.import_disclosure import TEMPLATE_CODE
from .pdf import ImportRefusedError
from .shanghai import read_document
from .tables import COLUMN_NAMES
from .writer import import_document

UPLOAD_DIR = Path(tempfile.gettempdir()) / "budget-imports"
MAX_UPLOAD_BYTES = 20 * 1024 * 1024


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("预算公开PDF文件"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("文件超过20MB。"))
        return upload


class ConfirmForm(forms.Form):
    sha256 = forms.RegexField(regex=r"^[0-9a-f]{64}$", widget=forms.HiddenInput)
    name = forms.CharField(max_length=255, widget=forms.HiddenInput)
    publish = forms.BooleanField(label=gettext_lazy("导入后即公开"), required=False)
    force = forms.BooleanField(
        label=gettext_lazy("核对不一致也导入（问题记录为核对问题）"), required=False
    )


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


def upload(request):
    require_permission(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        name = Path(form.cleaned_data["file"].name).name
        template = Template.objects.get(code=TEMPLATE_CODE)
        try:
            parsed = read_document(data, template)
        except ImportRefusedError as error:
            form.add_error("file", str(error))
        else:
            UPLOAD_DIR.mkdir(parents=True, exist_ok=True)
            stored_path(parsed.sha256).write_bytes(data)
            confirm = ConfirmForm(initial={"sha256": parsed.sha256, "name": name})
            return render(
                request,
                "importers/preview.html",
                context(
                    request,
                    parsed=parsed,
                    name=name,
                    tables=summary(parsed),
                    form=confirm,
                    units=parsed.narrative.units,
                ),
            )
    return render(request, "importers/upload.html", context(request, form=form))


def confirm(request):
    require_permission(request)
    if request.method != "POST":
        return redirect("importers:upload")
    form = ConfirmForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("确认信息无效，请重新上传文件。"))
        return redirect("importers:upload")
    sha256 = form.cleaned_data["sha256"]
    path = stored_path(sha256)
    data = path.read_bytes() if path.is_file() else b""
    if hashlib.sha256(data).hexdigest() != sha256:
        messages.error(request, _("找不到已上传的文件或文件已改变，请重新上传。"))
        return redirect("importers:upload")
    template = Template.objects.get(code=TEMPLATE_CODE)
    try:
        parsed = read_document(data, template)
        document = import_document(
            parsed,
            template,
            publish=form.cleaned_data["publish"],
            force=form.cleaned_data["force"],
            source_name=re.sub(r"[\\/]", "", form.cleaned_data["name"]),
        )
    except ImportRefusedError as error:
        messages.error(request, str(error))
        return redirect("importers:upload")
    path.unlink(missing_ok=True)
    messages.success(request, _("已导入《%(title)s》。") % {"title": document.title})
    return redirect(reverse("admin:disclosures_document_change", args=[document.pk]))

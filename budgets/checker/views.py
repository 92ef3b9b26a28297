"""The checker's public pages: the rules, the 「检查公开文件」 upload and its report.

The upload is a POST without a CSRF token, so that the page sets no cookie: a cross-site
POST is refused by its Origin (or Referer) header (``caching.language.same_origin``), which
every browser sends on one. It is refused before its body is read when the client has used
its checks for the hour (429, ``throttle``) or the request is larger than the caps (413,
``uploads``); the files are then read in memory only, checked (``engine.check_files``, within
the upload limits of pages, time and memory) and forgotten. Only the report is kept
(``CheckReport``), and the visitor is sent to its page. Every answer here is ``no-store``:
neither the site's cache nor a CDN nor a browser keeps a visitor's report or form.

A report's pages read the primary database: the visitor comes straight from writing it, and
a replica may not have it yet.
"""

from functools import wraps

from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from budgets.caching.language import same_origin
from budgets.web.pages import XLSX, attachment, base_context

from . import engine, output, rules, throttle, uploads
from .models import CheckReport


def rule_list(request):
    return render(request, "checker/rules.html", base_context(request, rules=rules.described()))


def form_page(request, form, status=200, refusal=""):
    context = base_context(
        request,
        form=form,
        refusal=refusal,
        limits=uploads.limits_message(),
        rate=settings.CHECKER_RATE,
        hours=settings.CHECKER_REPORT_HOURS,
    )
    return render(request, "checker/check.html", context, status=status)


@never_cache
@same_origin
@require_http_methods(["GET", "HEAD", "POST"])
def check(request):
    if request.method != "POST":
        return form_page(request, uploads.CheckForm())
    wait = throttle.wait_seconds(request)
    if wait:
        return too_many(request, wait)
    if uploads.too_large(request):
        refusal = _("上传内容超过上限，未读取。") + uploads.limits_message()
        return form_page(request, uploads.CheckForm(), status=413, refusal=refusal)
    handler = uploads.MemoryUploadHandler(request)
    request.upload_handlers = [handler]
    form = uploads.CheckForm(request.POST, request.FILES, too_large=handler.too_large)
    if not form.is_valid():
        return form_page(request, form, status=400)
    throttle.record(request)
    return redirect(keep(engine.check_files(form.cleaned_data["files"])))


def too_many(request, seconds):
    minutes = -(-seconds // 60)
    refusal = _("每个地址每小时最多核对%(rate)s次，已达上限。请%(minutes)s分钟后再试。") % {
        "rate": settings.CHECKER_RATE,
        "minutes": minutes,
    }
    response = form_page(request, uploads.CheckForm(), status=429, refusal=refusal)
    response["Retry-After"] = str(seconds)
    return response


def keep(report):
    """The report stored; the expired ones dropped on the way."""
    CheckReport.objects.expired().delete()
    return CheckReport.objects.create(report=output.as_json(report))


def stored(key):
    """The report under ``key`` while it is kept (None after: it is deleted then)."""
    found = CheckReport.objects.using("default").filter(key=key).first()
    if found is not None and found.is_expired:
        found.delete()
        return None
    return found


def missing(request):
    context = base_context(request, hours=settings.CHECKER_REPORT_HOURS)
    return render(request, "checker/missing.html", context, status=404)


def with_report(view):
    """The view on a kept report; the 「no such report」 page otherwise."""

    @wraps(view)
    def shown(request, key):
        found = stored(key)
        return view(request, found) if found is not None else missing(request)

    return never_cache(require_GET(shown))


@with_report
def report_page(request, found):
    report = found.as_report()
    documents = [(document, output.table_groups(document)) for document in report.documents]
    context = base_context(
        request,
        found=found,
        report=report,
        documents=documents,
        errors=sum(len(document.errors) for document in report.documents),
        warnings=sum(len(document.warnings) for document in report.documents),
    )
    return render(request, "checker/report.html", context)


@with_report
def report_json(request, found):
    response = HttpResponse(found.report, content_type="application/json; charset=utf-8")
    return attachment(response, f"check-{found.key}.json")


@with_report
def report_xlsx(request, found):
    response = HttpResponse(output.as_xlsx(found.as_report()), content_type=XLSX)
    return attachment(response, f"check-{found.key}.xlsx")

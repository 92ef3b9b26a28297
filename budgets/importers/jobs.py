"""Admin uploads read and imported as background jobs on an RQ queue.

Reading a PDF takes seconds (a slow one up to IMPORT_MAX_SECONDS), and an upload of
several slow files read inside the web request outlived gunicorn's timeout. The upload
and the confirmation now only keep the files (``PendingUpload``) and start an
``ImportJob``; a worker (``manage.py rqworker imports``) reads the files and writes the
preview, or imports the confirmed documents, while the job's page shows how far each file
has got.

Why RQ, through django-rq: it runs on the Redis the site already uses for its cache, so
there is no broker of its own to install and watch; its jobs are plain Python functions
(``perform``); django-rq gives it Django settings (``RQ_QUEUES``), the ``rqworker``
command and the admin's queue pages.

Without REDIS_URL (development: SQLite, no Redis) there is no queue: a job runs inline,
in the request that starts it, and its page shows it finished. (RQ's ``is_async=False``
would run it inline too, but still keeps the job in Redis.)

A worker killed mid-job leaves no half-written document, as each document is written in
one transaction (``writer.import_document``), and no reader child (``limits`` ties the
child's life to its parent's). RQ fails the job (or finds it abandoned once the worker's
heartbeat stops), and its page then shows it failed (``refresh``).
"""

import hashlib
import logging
import uuid
from functools import partial

import django_rq
from django.conf import settings
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from redis.exceptions import RedisError
from rq.exceptions import NoSuchJobError
from rq.job import Job, JobStatus

from budgets.disclosures.arithmetic import total_of
from budgets.disclosures.models import Document, Template
from budgets.review import workflow

from . import registry
from .limits import extract_within, upload_limits
from .models import ImportJob, PendingUpload
from .pdf import ImportRefusedError
from .tables import COLUMN_NAMES
from .writer import existing_document, import_document

logger = logging.getLogger(__name__)

PUBLISH_PERMISSION = "disclosures.publish_document"
State = ImportJob.State
FileState = ImportJob.FileState

# Starting a job, on the queue or inline.


def queued():
    """Whether jobs go to the queue (REDIS_URL set: ``settings.RQ_QUEUES``) or run inline."""
    return settings.IMPORT_QUEUE in settings.RQ_QUEUES


def import_queue():
    # Enqueued at once ("auto"), not at the end of a transaction: the job's row is
    # committed before (the admin views run in autocommit).
    return django_rq.get_queue(settings.IMPORT_QUEUE, commit_mode="auto")


def start_preview(user, uploads):
    """Keep ``uploads`` ((name, bytes) as uploaded) as ``user``'s pending uploads and start
    the job that reads and previews them."""
    named = [(name, hashlib.sha256(data).hexdigest()) for name, data in uploads]
    keep_uploads(user, uploads)
    return start(user, ImportJob.Kind.PREVIEW, {"files": named}, named)


def start_import(user, documents):
    """Start importing ``documents`` ([{"sha256s", "status", "force", "whole"}]) from
    ``user``'s pending uploads. "status" None keeps a document's state (a new one: draft);
    "whole": the files must make exactly one document (a preview's), else every document
    among them is imported (the import command)."""
    sha256s = list(
        dict.fromkeys(sha256 for document in documents for sha256 in document["sha256s"])
    )
    names = dict(
        PendingUpload.objects.filter(uploaded_by=user, sha256__in=sha256s).values_list(
            "sha256", "name"
        )
    )
    named = [(names.get(sha256, sha256[:12]), sha256) for sha256 in sha256s]
    return start(user, ImportJob.Kind.IMPORT, {"documents": documents}, named)


def start(user, kind, request, named):
    """Create the job (each distinct file of ``named`` waiting) and run or enqueue it."""
    files = {}
    for name, sha256 in named:
        files.setdefault(
            sha256, {"name": name, "sha256": sha256, "state": FileState.WAITING, "message": ""}
        )
    job = ImportJob.objects.create(
        started_by=user,
        kind=kind,
        request=request,
        files=list(files.values()),
        language=translation.get_language() or settings.LANGUAGE_CODE,
        rq_id=uuid.uuid4().hex if queued() else "",
    )
    if not job.rq_id:
        run_inline(job)
        return job
    try:
        import_queue().enqueue(
            perform,
            job.pk,
            job_id=job.rq_id,
            job_timeout=time_allowed(job),
            description=str(job),
        )
    except RedisError:
        logger.exception("import job %s could not be queued", job.pk)
        job.end(State.FAILED, error=_("导入队列暂时不可用，请稍后再试。"))
    return job


def time_allowed(job):
    """Seconds the worker gives the job before stopping it: each file is read within
    IMPORT_MAX_SECONDS; checking and writing a document take seconds more."""
    return int(60 + len(job.files) * (settings.IMPORT_MAX_SECONDS + 60))


def run_inline(job):
    """Without a queue the job runs here and now; a failure is kept with the job (and
    logged), never raised into the request."""
    try:
        perform(job.pk)
    except Exception:
        logger.exception("import job %s failed", job.pk)
    job.refresh_from_db()


def perform(pk):
    """The queue's job (a worker finds it by this name): run ImportJob ``pk``, in the
    language of the person who started it."""
    job = ImportJob.objects.select_related("started_by").get(pk=pk)
    job.state = State.RUNNING
    job.save(update_fields=["state"])
    run = run_preview if job.kind == ImportJob.Kind.PREVIEW else run_import
    try:
        with translation.override(job.language or settings.LANGUAGE_CODE):
            result = run(job)
    except Exception as error:
        job.end(State.FAILED, error=str(error) or type(error).__name__)
        raise
    job.end(State.DONE, result)


#: What RQ says of a job that will never run again.
ENDED = {JobStatus.FAILED, JobStatus.STOPPED, JobStatus.CANCELED}


def refresh(job):
    """Mark failed a job the queue has lost: its worker was killed (RQ failed the job, or
    finds it abandoned once the worker's heartbeat stops), or its RQ job is gone."""
    if job.finished or not job.rq_id or not queued():
        return
    try:
        queue = import_queue()
        queue.started_job_registry.cleanup()
        status = Job.fetch(job.rq_id, connection=queue.connection).get_status()
    except NoSuchJobError:
        status = None
    except RedisError:
        return  # the queue cannot say: the page shows the job as it was
    if status is None or status in ENDED:
        ImportJob.objects.filter(pk=job.pk, state__in=[State.QUEUED, State.RUNNING]).update(
            state=State.FAILED,
            finished_at=timezone.now(),
            error=_(
                "导入任务已中断：处理它的进程已停止。每份文件各自写入，未写完的文件没有留下"
                "任何数据；请重新上传未导入的文件。"
            ),
        )
        job.refresh_from_db()


# Reading the uploads.


def keep_uploads(user, uploads):
    """Keep each file as ``user``'s pending upload (uploading the same file again renews it)."""
    for name, data in uploads:
        PendingUpload.objects.update_or_create(
            uploaded_by=user,
            sha256=hashlib.sha256(data).hexdigest(),
            defaults={"name": name[:255], "data": data, "uploaded_at": timezone.now()},
        )


def pending_files(user, sha256s):
    """{sha256: (name, bytes)} of ``user``'s pending upload of each hash; ImportRefusedError
    when one is missing (never uploaded, another user's, removed as stale) or its bytes no
    longer match."""
    uploads = PendingUpload.objects.filter(uploaded_by=user, sha256__in=sha256s)
    by_hash = {upload.sha256: upload for upload in uploads}
    files = {}
    for sha256 in sha256s:
        upload = by_hash.get(sha256)
        if upload is None or hashlib.sha256(upload.data).hexdigest() != sha256:
            raise ImportRefusedError(_("找不到已上传的文件或文件已改变，请重新上传。"))
        files[sha256] = (upload.name, bytes(upload.data))
    return files


def read_uploads(job, named_data):
    """registry.source_files within the upload limits (pages, time, memory), each file's
    progress kept with ``job``."""
    return registry.source_files(
        named_data,
        progress=partial(progress, job),
        extractor=partial(extract_within, limits=upload_limits()),
    )


def progress(job, items):
    """Marks each file as it is read, then read or refused (``source_files``' progress)."""
    for source, data in items:
        job.mark_files({source.sha256}, FileState.READING)
        yield source, data
        state = FileState.REFUSED if source.error else FileState.READ
        job.mark_files({source.sha256}, state, source.error)


# The preview.


def run_preview(job):
    """Read the job's files and preview each document they make (no document written);
    only the files of a document that can be imported stay pending."""
    user = job.started_by
    named = job.request["files"]
    stored = pending_files(user, list(dict.fromkeys(sha256 for _name, sha256 in named)))
    files = read_uploads(job, [(name, stored[sha256][1]) for name, sha256 in named])
    groups = registry.group_files(files)
    documents = [preview_group(group, user) for group in groups]
    for group, item in zip(groups, documents, strict=True):
        sha256s = {source.sha256 for source in group.files}
        if item["error"]:
            job.mark_files(sha256s, FileState.REFUSED, item["error"])
    readable = {
        sha256 for item in documents if not item["error"] for sha256, _name in item["files"]
    }
    PendingUpload.objects.filter(uploaded_by=user, sha256__in=set(stored) - readable).delete()
    return documents


def preview_group(group, user):
    """The preview of one document (or one file refused before reading), as its page
    shows it: plain values only, kept with the job."""
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
        described(parsed),
        files=[[source.sha256, source.name] for source in group.files],
        existing=existing
        and {
            "id": existing.pk,
            "status": existing.status,
            "published_on": existing.published_on and existing.published_on.isoformat(),
            "locked": existing.locked,
        },
        changes=changes(existing, parsed) if existing else [],
        statuses=[value for value, _label in status_choices(user, existing)],
        initial={
            "include": True,
            "sha256s": ",".join(source.sha256 for source in group.files),
            "status": existing.status if existing else Document.Status.DRAFT,
        },
    )
    return item


def described(parsed):
    """What the preview shows of a read document: its cover, tables, facts and findings."""
    return {
        "title": parsed.title,
        "regions": [{"code": region.code, "name": region.name} for region in parsed.regions],
        "owner": parsed.cover.owner,
        "year": parsed.cover.year,
        "scope": parsed.cover.scope,
        "unit": parsed.amount_unit,
        "sha256": parsed.sha256,
        "units": list(parsed.narrative.units),
        "tables": summary(parsed),
        "counts": {
            "revenue": len(parsed.revenue),
            "expenditure": len(parsed.expenditure),
            "economic": len(parsed.economic),
            "statements": len(parsed.statements),
            "projects": len(parsed.narrative.projects),
        },
        "errors": problems(parsed.errors),
        "warnings": problems(parsed.warnings),
    }


def problems(found):
    return [
        {"table": str(problem.table), "row": str(problem.row), "message": str(problem.message)}
        for problem in found
    ]


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
    """Rows [label, before, after, changed] comparing a document already imported with
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
            rows.append((str(model._meta.verbose_name_plural), before, after))
    return [[label, before, after, before != after] for label, before, after in rows]


def status_choices(user, existing):
    """The statuses a confirmation may leave a document in: the one it has (a new
    document: draft), never back to draft; published too for a user who may publish, unless
    the document has been public (its import is then a correction, for review)."""
    current = existing.status if existing else Document.Status.DRAFT
    allowed = {current}
    if user.has_perm(PUBLISH_PERMISSION) and not (existing and existing.locked):
        allowed.add(Document.Status.PUBLISHED)
    return [(value, label) for value, label in Document.Status.choices if value in allowed]


# The import.


def run_import(job):
    """Import each confirmed document from the starter's uploads: [outcome, …]."""
    return [
        outcome
        for confirmed in job.request["documents"]
        for outcome in import_confirmed(job, confirmed)
    ]


def import_confirmed(job, confirmed):
    """Read one confirmation's files again and import what they make: [outcome, …]."""
    sha256s = confirmed["sha256s"]
    try:
        stored = pending_files(job.started_by, sha256s)
        groups = registry.group_files(read_uploads(job, list(stored.values())))
        if confirmed["whole"] and (len(groups) != 1 or groups[0].error):
            raise ImportRefusedError(groups[0].error if groups else _("没有可导入的文件。"))
    except ImportRefusedError as error:
        job.mark_files(set(sha256s), FileState.REFUSED, str(error))
        names = [row["name"] for row in job.files if row["sha256"] in sha256s]
        return [refused("、".join(names), names, str(error))]
    return [import_group(job, group, stored, confirmed) for group in groups]


def refused(label, names, error):
    return {"label": label, "names": names, "error": error}


def import_group(job, group, stored, confirmed):
    """Import (and, if chosen, publish) one document: its outcome."""
    sha256s = {source.sha256 for source in group.files}
    if group.error:
        job.mark_files(sha256s, FileState.REFUSED, group.error)
        return refused(group.label, group.names, group.error)
    job.mark_files(sha256s, FileState.WRITING)
    try:
        document, status, before = confirm_one(group, stored, confirmed, job.started_by)
    except ImportRefusedError as error:
        job.mark_files(sha256s, FileState.REFUSED, str(error))
        return refused(group.label, group.names, str(error))
    refusal = ""
    published = Document.Status.PUBLISHED
    if status == published and before != published:
        refusal = publish_imported(document, job.started_by) or ""
    job.mark_files(sha256s, FileState.IMPORTED)
    return {
        "label": document.title,
        "names": group.names,
        "error": "",
        "document": document.pk,
        "status": document.status,
        "publish_refusal": refusal,
    }


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


def confirm_one(group, stored, confirmed, user):
    """Import one read document as a draft, or keeping the state it has: (Document, the
    status chosen, its status before or None when new); ImportRefusedError why not.
    Publishing is the review workflow's (``publish_imported``)."""
    try:
        template = Template.objects.get(code=group.identity.template)
    except Template.DoesNotExist:
        raise ImportRefusedError(
            _("数据库中没有公开模板“%(code)s”。") % {"code": group.identity.template}
        ) from None
    parsed = group.read(template)
    existing = existing_document(parsed)
    status = confirmed["status"] or (existing.status if existing else Document.Status.DRAFT)
    refuse_status(user, existing, status, parsed.title)
    document = import_document(
        parsed,
        template,
        publish=None,
        force=confirmed["force"],
        source_name="、".join(group.names)[:255],
        sources=[stored[source.sha256] for source in group.files],
        pages=group.pages,
    )
    sha256s = [source.sha256 for source in group.files]
    PendingUpload.objects.filter(uploaded_by=user, sha256__in=sha256s).delete()
    return document, status, existing.status if existing else None


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

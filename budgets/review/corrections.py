"""Corrections: the only way a document that has been public changes.

A published (or withdrawn) document is locked (``Document.locked``). To change it, anyone
who may edit documents opens a correction: a working copy of the document with every row
it owns (``start``), never shown to the public. The copy is edited in the admin, or a
re-import writes into it, and goes through the workflow like a draft (submit, then a
reviewer's decision). A reviewer's approval (``approve``) computes the change cell by cell
(``cell_changes``: table, row, column, old → new), moves the copy's rows into the document
it corrects in one transaction, records the revision with those changes (the public
更正记录), and deletes the copy. Until then the public sees the published version only.

History stays whole: the replaced rows are deleted one by one and the copy's rows re-saved
under the document, so django-simple-history rebuilds every revision as it was.
"""

from datetime import timedelta
from decimal import Decimal

from django.db import transaction
from django.db.models import CASCADE
from django.utils import timezone
from django.utils.translation import gettext as _

from budgets.disclosures.models import Document, SourceFile
from budgets.disclosures.money import UNIT_FACTORS, from_yuan
from budgets.disclosures.tables import Code, load_facts, published_tables

from .models import HISTORY_MODELS, Override, Revision

#: A document's own records of its review: they stay with the document, never copied.
REVIEW_RECORDS = (Revision, Override)
#: The fields that say which document it is: a correction keeps them.
IDENTITY_FIELDS = ("organisation", "year", "stage", "scope")
#: The document's fields a correction may change (the rest say which document it is, or
#: how it was filed and reviewed).
CORRECTED_FIELDS = (
    "title",
    "template",
    "amount_unit",
    "amount_places",
    "source_name",
    "source_url",
    "source_sha256",
    "glossary",
)


class CorrectionError(Exception):
    pass


def owned_relations(model):
    """The one-to-many relations whose rows belong to a row of ``model`` (deleted with it)."""
    return [
        relation
        for relation in model._meta.related_objects
        if relation.one_to_many
        and relation.on_delete is CASCADE
        and relation.related_model not in REVIEW_RECORDS
    ]


def open_correction(document):
    """The document's correction in review, or None."""
    return Document.objects.filter(corrects=document).first()


@transaction.atomic
def start(document):
    """The correction of ``document`` (a copy of it and its rows, a draft), made now unless
    one is open already."""
    existing = open_correction(document)
    if existing is not None:
        return existing
    copy = Document.objects.get(pk=document.pk)
    copy.pk = None
    copy.corrects = document
    copy.status = Document.Status.DRAFT
    copy.version = 0
    for name in ("published_on", "submitted_on", "withdrawn_on"):
        setattr(copy, name, None)
    copy.published_by = copy.submitted_by = copy.withdrawn_by = None
    copy.save()
    copy_rows(document, copy)
    return copy


def copy_rows(source, target, remapped=None):
    """Copy every row ``source`` owns to ``target`` (and the rows those own, recursively),
    pointing references between copied rows at the copies."""
    remapped = {} if remapped is None else remapped
    for relation in owned_relations(type(source)):
        model, field = relation.related_model, relation.field.name
        rows = list(model.objects.filter(**{field: source}).order_by("pk"))
        if not rows:
            continue
        originals = [row.pk for row in rows]
        for row in rows:
            as_copy(row, field, target, remapped)
        model.objects.bulk_create(rows)
        for original, copied in zip(originals, rows, strict=True):
            remapped[model, original] = copied.pk
            copy_rows(model(pk=original), copied, remapped)
    return remapped


def as_copy(row, field, target, remapped):
    """Turn ``row`` into a new row of ``target``; a reference to a row already copied
    follows it."""
    row.pk = None
    row._state.adding = True
    setattr(row, field, target)
    for other in type(row)._meta.concrete_fields:
        if other.is_relation and other.name != field:
            key = (other.related_model, getattr(row, other.attname))
            if key in remapped:
                setattr(row, other.attname, remapped[key])


# ---------------------------------------------------------------------------
# The change, cell by cell.


def cell_changes(before, after):
    """[{"table", "row", "column", "old", "new", "unit"}]: every printed amount of the
    official tables that differs between documents ``before`` and ``after``, as the table
    prints it (in its unit and places). A cell is known by its table, the labels printed
    left of it (a code and its name; one side of a side-by-side 收支总表) and its column,
    so an added or removed row is a change of each of its amounts."""
    old_tables = {table.number: table for table in published_tables(load_facts(before))}
    changes = []
    for table in published_tables(load_facts(after)):
        label = f"{table.number} {table.title}".strip()
        old = printed_cells(old_tables[table.number]) if table.number in old_tables else {}
        new = printed_cells(table)
        for key in [*old, *(key for key in new if key not in old)]:
            was, now = old.get(key, ""), new.get(key, "")
            if was != now:
                row, column = key
                changes.append(
                    {
                        "table": label,
                        "row": row,
                        "column": column,
                        "old": was,
                        "new": now,
                        "unit": table.amount_unit,
                    }
                )
    return changes


def printed_cells(table):
    """{(row label, column): amount as printed} of ``table``'s amount columns; a row's
    label for an amount is the text printed left of its run of amount columns (a code and
    its name; one side of a side-by-side 收支总表). A label printed twice in a column
    gets “（第2处）”."""
    cells, seen = {}, {}
    columns = table.columns
    places = table.places_in(table.amount_unit)
    for row in table.rows:
        labels, after_amount = [], False
        for index, cell in enumerate(row.cells):
            column = columns[index] if index < len(columns) else None
            if column is None or column.kind != "amount":
                labels = [] if after_amount else labels
                labels.append(shown(cell))
                after_amount = False
                continue
            after_amount = True
            if not isinstance(cell, Decimal):
                continue
            label = " ".join(part for part in labels if part) or "—"
            key = (label, str(column.name))
            seen[key] = seen.get(key, 0) + 1
            if seen[key] > 1:
                key = (_("%(label)s（第%(n)d处）") % {"label": label, "n": seen[key]}, key[1])
            cells[key] = printed(cell, table.amount_unit, places)
    return cells


def printed(amount, unit, places):
    """An amount in 元 as ``unit`` prints it with ``places`` decimals, or with every decimal
    it has where rounding would hide a change (a correction of 50 元 in a 万元 table)."""
    value = amount / UNIT_FACTORS[unit]
    if value == from_yuan(amount, unit, places):
        return f"{value:,.{places}f}"
    return f"{value.normalize():,f}"


def shown(cell):
    if cell is None:
        return ""
    if isinstance(cell, Code):
        return cell.code
    return str(cell).strip()


# ---------------------------------------------------------------------------
# Approval.


@transaction.atomic
def approve(copy, user):
    """Publish the correction ``copy``: its rows and fields replace the document's, as a new
    revision dated now with its changes cell by cell. The caller (``workflow.publish``)
    has checked the permission and the checks."""
    document = Document.objects.select_for_update().get(pk=copy.corrects_id)
    changes = cell_changes(document, copy)
    now = timezone.now()
    record_baseline(document, now - timedelta(microseconds=2))
    if not document.revisions.exists():
        # Published before revisions were kept (fixtures, imports): its first revision.
        Revision.objects.create(
            document=document,
            number=1,
            kind=Revision.Kind.PUBLISHED,
            started_at=now - timedelta(microseconds=1),
        )
    number = next_number(document)
    replace_rows(document, copy, number)
    for name in CORRECTED_FIELDS:
        setattr(document, name, getattr(copy, name))
    document.version += 1
    document.save(update_fields=[*CORRECTED_FIELDS, "version"])
    revision = Revision.objects.create(
        document=document,
        number=number,
        kind=Revision.Kind.CORRECTED,
        started_at=now,
        by=user,
        entered_by=copy.submitted_by,
        changes=changes,
    )
    copy.delete()
    return document, revision


def replace_rows(document, copy, number):
    """The document's rows deleted and the copy's moved in, one by one (so each change is
    on record in the history). Its original files are kept, marked replaced in revision
    ``number`` where the correction brought others."""
    for relation in owned_relations(Document):
        model, field = relation.related_model, relation.field.name
        if model is SourceFile:
            replace_files(document, copy, number)
            continue
        for row in model.objects.filter(**{field: document}):
            row.delete()
        for row in model.objects.filter(**{field: copy}):
            setattr(row, field, document)
            row.save()


def replace_files(document, copy, number):
    """The copy's files become the document's; those it no longer has are kept, retired."""
    kept = set(document.source_files.values_list("sha256", flat=True))
    copied = set(copy.source_files.values_list("sha256", flat=True))
    if copied <= kept:
        return  # corrected in the admin: the same files
    files = document.source_files
    files.exclude(sha256__in=copied).filter(retired_in=None).update(retired_in=number)
    files.filter(sha256__in=copied).update(retired_in=None)
    copy.source_files.exclude(sha256__in=kept).update(document=document)


# ---------------------------------------------------------------------------
# Revisions.


@transaction.atomic
def restore_revision(document, number):
    """A correction that brings back revision ``number`` of ``document``: its fields and
    every fact row as that revision published them (rebuilt from the history; target
    sets, which have no history, as they are now). Refused while another correction is
    open. It then goes through review like any correction."""
    revision = document.revisions.filter(number=number).first()
    following = document.revisions.filter(number=number + 1).first()
    if revision is None or following is None:
        raise CorrectionError(_("没有可恢复的第%(number)d版。") % {"number": number})
    if open_correction(document) is not None:
        raise CorrectionError(_("本文件已有一份更正稿，请先处理它。"))
    when = following.started_at
    copy = start(document)
    past = document.history.as_of(when)
    for name in CORRECTED_FIELDS:
        setattr(copy, name, getattr(past, name))
    copy.save(update_fields=list(CORRECTED_FIELDS))
    for model in HISTORY_MODELS[1:]:
        model.objects.filter(document=copy).delete()
        rows = list(model.history.as_of(when).filter(document_id=document.pk))
        for row in rows:
            row.pk = None
            row.document = copy
        model.objects.bulk_create(rows)
    return copy


def next_number(document):
    last = document.revisions.order_by("-number").first()
    return last.number + 1 if last else 1


def record_baseline(document, when):
    """Give every row of the document that has no history yet (loaded by fixtures or
    written by bulk_create) a first historical row dated ``when``, so the history can
    rebuild the document as it was from then on."""
    for model in HISTORY_MODELS:
        objects = (
            model.objects.filter(pk=document.pk)
            if model is Document
            else model.objects.filter(document=document)
        )
        history = model.history.model
        known = set(
            history.objects.filter(id__in=objects.values("pk")).values_list("id", flat=True)
        )
        missing = [obj for obj in objects if obj.pk not in known]
        if missing:
            model.history.bulk_history_create(missing, default_date=when)

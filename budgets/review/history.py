"""A document's history read back: the list of changes (who, when, old → new), and the
document with its facts as they were at a moment (for a past revision's public page)."""

from dataclasses import dataclass, field
from datetime import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgets.classifications.models import (
    DepartmentEconomicCode,
    FunctionCode,
    GovernmentEconomicCode,
)
from budgets.disclosures.models import Document, TemplateTable
from budgets.disclosures.tables.common import (
    CODE_MODELS,
    DocumentFacts,
    prefixes,
    rows_by_table,
    with_printed_names,
)
from budgets.organisations.models import Organisation

from .models import FACT_MODELS

TYPES = {"+": gettext_lazy("新增"), "~": gettext_lazy("修改"), "-": gettext_lazy("删除")}
HIDDEN_FIELDS = {"version"}


@dataclass
class Change:
    when: datetime
    who: str
    kind: str
    what: str
    row: str
    fields: list = field(default_factory=list)  # (label, old, new)


def _who(record):
    user = record.history_user
    if user is None:
        return _("系统（导入或初始数据）")
    return user.get_full_name() or user.get_username()


def _records(model, document):
    history = model.history.model.objects
    if model is Document:
        return history.filter(id=document.pk)
    return history.filter(document_id=document.pk)


def changes(document, limit=500):
    """The latest ``limit`` changes to the document and its facts, newest first."""
    result = []
    for model in (Document, *FACT_MODELS):
        records = list(
            _records(model, document).select_related("history_user").order_by("history_date", "pk")
        )
        previous = {}
        for record in records:
            before = previous.get(record.id)
            fields = []
            if record.history_type == "~" and before is not None:
                delta = record.diff_against(before)
                for change in delta.changes:
                    if change.field in HIDDEN_FIELDS:
                        continue
                    label = model._meta.get_field(change.field).verbose_name
                    fields.append((str(label), _shown(change.old), _shown(change.new)))
                if not fields:
                    previous[record.id] = record
                    continue
            elif record.history_type == "+" and before is None:
                fields = []
            result.append(
                Change(
                    when=record.history_date,
                    who=_who(record),
                    kind=str(TYPES.get(record.history_type, record.history_type)),
                    what=str(model._meta.verbose_name),
                    row=_row_label(record),
                    fields=fields,
                )
            )
            previous[record.id] = record
    result.sort(key=lambda change: change.when, reverse=True)
    return result[:limit]


def _shown(value):
    return "" if value is None else str(value)


def _row_label(record):
    try:
        return str(record.instance)
    except Exception:  # a row naming a code since deleted
        return f"#{record.id}"


def document_as_of(document, when):
    record = document.history.filter(history_date__lte=when).first()
    if record is None:
        return None
    past = record.instance
    # Related objects that have no history of their own are read as they are now.
    past.organisation = Organisation.objects.select_related("region", "parent").get(
        pk=past.organisation_id
    )
    past.template = document.template
    return past


def _as_of(model, document, when):
    return list(model.history.as_of(when).filter(document_id=document.pk))


def _attach(objects, name, model):
    ids = {getattr(obj, f"{name}_id") for obj in objects} - {None}
    found = model.objects.in_bulk(ids)
    for obj in objects:
        obj_id = getattr(obj, f"{name}_id")
        setattr(obj, name, found.get(obj_id) if obj_id else None)
    return objects


def facts_as_of(document, when):
    """``DocumentFacts`` of the document as it was at ``when`` (None before it existed).

    Performance targets have no history; they are read as they are now."""
    from budgets.disclosures import models as m

    past = document_as_of(document, when)
    if past is None:
        return None
    revenue = _attach(_as_of(m.RevenueLine, document, when), "function", FunctionCode)
    function_lines = _attach(
        _as_of(m.FunctionExpenditure, document, when), "function", FunctionCode
    )
    economic_lines = _as_of(m.EconomicExpenditure, document, when)
    _attach(economic_lines, "dept_economic", DepartmentEconomicCode)
    _attach(economic_lines, "gov_economic", GovernmentEconomicCode)
    basic_splits = _attach(
        _as_of(m.BasicExpenditureSplit, document, when), "function", FunctionCode
    )
    projects = _attach(_as_of(m.Project, document, when), "organisation", Organisation)
    projects.sort(key=lambda project: (project.position, project.pk))
    restricted = {row.period: row for row in _as_of(m.RestrictedSpending, document, when)}
    procurement_items = sorted(
        _as_of(m.ProcurementItem, document, when), key=lambda item: (item.position, item.pk)
    )
    _attach(procurement_items, "function", FunctionCode)
    _attach(procurement_items, "dept_economic", DepartmentEconomicCode)
    _attach(procurement_items, "gov_economic", GovernmentEconomicCode)
    notes = {note.table_id: note for note in _as_of(m.TableNote, document, when)}
    printed = {}
    for subtotal in _as_of(m.PrintedSubtotal, document, when):
        printed.setdefault(subtotal.table_id, {})[subtotal.row, subtotal.column] = subtotal.amount
    for line in function_lines + economic_lines:
        line.document = past
    codes = {
        "function": [line.function.code for line in function_lines]
        + [line.function.code for line in revenue if line.function_id]
        + [split.function.code for split in basic_splits],
        "dept_economic": [line.dept_economic.code for line in economic_lines],
        "gov_economic": [line.gov_economic.code for line in economic_lines if line.gov_economic_id],
    }
    lengths = {"function": (3, 5, 7), "dept_economic": (3, 5), "gov_economic": (3, 5)}
    names = {
        scheme: dict(
            CODE_MODELS[scheme]
            .objects.filter(year=past.year, code__in=prefixes(values, lengths[scheme]))
            .values_list("code", "name")
        )
        for scheme, values in codes.items()
    }
    with_printed_names(names, _as_of(m.PrintedName, document, when))
    return DocumentFacts(
        document=past,
        revenue=revenue,
        function_lines=sorted(function_lines, key=lambda line: (line.function.code, line.pk)),
        economic_lines=sorted(economic_lines, key=lambda line: (line.dept_economic.code, line.pk)),
        basic_splits=basic_splits,
        projects=projects,
        restricted=restricted,
        procurement_items=procurement_items,
        target_sets=list(
            document.target_sets.select_related("project").prefetch_related(
                "goals", "tasks", "indicators"
            )
        ),
        notes=notes,
        template_tables=list(TemplateTable.objects.filter(template_id=past.template_id)),
        names=names,
        printed=printed,
        printed_rows=rows_by_table(_as_of(m.PrintedRow, document, when)),
        running_lines=_attach(
            _as_of(m.AdministrativeRunningLine, document, when),
            "dept_economic",
            DepartmentEconomicCode,
        ),
    )


def public_revisions(document):
    """The document's revisions, each with the moment its state ended (None: current)."""
    revisions = list(document.revisions.order_by("number"))
    if not revisions:
        return []
    for revision, following in zip(revisions, [*revisions[1:], None], strict=True):
        revision.ended_at = following.started_at if following else None
    return revisions


__all__ = ["changes", "facts_as_of", "public_revisions"]

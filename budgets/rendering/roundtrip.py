"""Round trip: a stored document rendered as its template's PDF(s) and imported back.

The reader's test: what ``render_disclosure`` prints for a document must import (exactly
as ``import_disclosure`` imports a file: identified by its cover, grouped into one
document, read, checked and passed through the fidelity gate) to the very facts and
official tables it was printed from. The import runs inside a transaction that is always
rolled back, so the database is left as it was; no HTTP.

A snapshot is generic: the document's own fields, every row of every model that belongs
to it (its facts, its target sets with their goals, tasks and indicators) and its
organisation's profile for the year, without primary keys or the link to the document,
related rows named by their natural key; and its official tables as plain cell lists.
"""

import re
import time
from collections import Counter
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db import transaction
from django.db.models import CASCADE

from budgets.disclosures.models import Document, SourceFile, Template
from budgets.disclosures.tables import Code, load_facts, published_tables
from budgets.importers import registry
from budgets.importers.pdf import ImportRefusedError
from budgets.importers.writer import import_document
from budgets.organisations.models import Profile

from .document import render
from .style import style_for
from .variant import Variant

#: The document's fields that say what it publishes (not how it was filed or reviewed).
DOCUMENT_FIELDS = (
    "organisation",
    "year",
    "stage",
    "scope",
    "template",
    "title",
    "amount_unit",
    "amount_places",
    "glossary",
)
#: Rows that belong to a document but are not what it publishes: the files it was read
#: from (the rendered bytes differ by nature) and its review's own records.
NOT_PUBLISHED = {SourceFile._meta.label, "review.Override", "review.Revision"}


@dataclass
class Result:
    """One variant's round trip: the refusal, or the differences (none when it passed)."""

    document: Document
    seed: int | None
    files: list = field(default_factory=list)
    refusal: str = ""
    differences: list = field(default_factory=list)
    #: Seconds spent rendering, reading (pdfplumber and the reader) and importing.
    seconds: dict = field(default_factory=dict)

    @property
    def ok(self):
        return not self.refusal and not self.differences

    def summary(self, limit=3):
        """“OK”, or the refusal's first line, or the first ``limit`` differences."""
        if self.refusal:
            return "refused: " + self.refusal.strip().splitlines()[0]
        if self.differences:
            more = len(self.differences) - limit
            shown = "; ".join(self.differences[:limit])
            return shown + (f" (+{more} more)" if more > 0 else "")
        return "OK"


def round_trip(document, seed=None, *, variant=None):
    """The Result of rendering ``document`` as the variant ``seed`` draws, or as
    ``variant``, and importing it back, with --force where its family declares it forced."""
    forced = is_forced(document)
    clock = time.perf_counter()
    variant = variant or style_for(document.template.code).variant(seed)
    rendering = render(document, seed, variant)
    result = Result(document, seed, [rendered.name for rendered in rendering.files])
    result.seconds["render"] = time.perf_counter() - clock
    expected = without_marks(retitled(snapshot(document), rendering.titles))
    with transaction.atomic():
        try:
            imported = read_back(rendering.files, forced, result.seconds)
            result.differences = compare(expected, snapshot(imported))
        except ImportRefusedError as error:
            result.refusal = str(error)
        finally:
            transaction.set_rollback(True)
    return result


def causes(document, seed):
    """Why variant ``seed`` of ``document`` fails: [(knob, choice, Result)] for each knob
    whose drawn choice alone makes the plain look fail; [("knobs together", {…}, Result)]
    where none does on its own."""
    style = style_for(document.template.code)
    varied, plain = style.variant(seed), style.variant(None)
    drawn = {
        knob: getattr(varied, knob)
        for knob in Variant.knobs()
        if getattr(varied, knob) != getattr(plain, knob)
    }
    found = []
    for knob, value in drawn.items():
        result = round_trip(document, seed, variant=replace(plain, seed=seed, **{knob: value}))
        if not result.ok:
            found.append((knob, value, result))
    return found or [("knobs together", drawn, round_trip(document, seed))]


def readable_documents():
    """The stored documents of a template some reader reads (its family has one), in a
    fixed order: by region, organisation, year, stage and scope."""
    codes = [code for family in registry.families() if family.reader for code in family.templates]
    return list(
        Document.objects.filter(template__code__in=codes)
        .select_related("organisation__region", "template")
        .order_by("organisation__region__code", "organisation__name", "year", "stage", "scope")
    )


def is_forced(document):
    """Whether ``document`` is one its family declares imported with --force (known by the
    files it was imported from)."""
    return any(
        "、".join(source.files) == document.source_name and source.forced
        for family in registry.families()
        for source in family.documents
    )


def read_back(files, forced, seconds):
    """The Document ``files`` (RenderedFiles) import as, as ``import_disclosure`` imports
    them; ImportRefusedError with the reason if they do not."""
    clock = time.perf_counter()
    named = [(rendered.name, rendered.data) for rendered in files]
    groups = registry.group_files(registry.source_files(named))
    if len(groups) != 1 or groups[0].error:
        raise ImportRefusedError(
            "；".join(f"{group.label}：{group.error or '另成一份文件'}" for group in groups)
        )
    group = groups[0]
    template = Template.objects.get(code=group.identity.template)
    parsed = group.read(template)
    seconds["read"] = time.perf_counter() - clock
    clock = time.perf_counter()
    document = import_document(
        parsed,
        template,
        force=forced,
        source_name="、".join(group.names)[:255],
        sources=named,
        pages=group.pages,
    )
    seconds["import"] = time.perf_counter() - clock
    return document


# ---------------------------------------------------------------------------
# Snapshots.


def snapshot(document):
    """{"tables": {number: TableShot}, "facts": {kind: Counter of rows}} of ``document``."""
    document = Document.objects.get(pk=document.pk)
    return {"tables": table_shots(document), "facts": fact_rows(document)}


def retitled(shot, titles):
    """``shot`` as the rendering should import: each table (and its TableNote) under the
    title it was printed with ({table number: title}), where a variant worded it anew."""
    tables, notes = dict(shot["tables"]), Counter()
    for row in shot["facts"].get("TableNote", Counter()).elements():
        fields = dict(row)
        number = str(fields["table"]).rsplit("/", 1)[-1]
        if number in titles:
            fields["title"] = titles[number]
        notes[tuple(fields.items())] += 1
    for number, title in titles.items():
        if number in tables:
            tables[number] = replace(tables[number], title=title)
    return {"tables": tables, "facts": {**shot["facts"], "TableNote": notes}}


#: Findings about the paper of the file a document was first imported from, not about
#: its facts: a page printed twice, a code misprinted (“7 11 02”, read as the row above
#: says), and the fidelity gate's verdicts on that file's cells. The facts correct them,
#: so a rendering of the facts cannot print them; they are not expected back (a rendering
#: that earns such a finding of its own is still a difference).
PRINT_MARKS = re.compile(r"该页重复前页内容|科目编码印为|第\d+页印有|文件该行该栏未印此数")


def without_marks(shot):
    """``shot`` without the findings ``PRINT_MARKS`` names."""
    findings = Counter(
        {
            row: count
            for row, count in shot["facts"].get("Finding", Counter()).items()
            if not PRINT_MARKS.search(str(dict(row).get("message", "")))
        }
    )
    return {"tables": shot["tables"], "facts": {**shot["facts"], "Finding": findings}}


@dataclass(frozen=True)
class TableShot:
    title: str
    note: str
    rows: tuple  # (tuple of cells, …): Decimal, a code's string, text, or None


def table_shots(document):
    """Every official table of ``document`` as its title, note and plain cell lists."""
    return {
        table.number: TableShot(
            table.title,
            table.note,
            tuple(tuple(plain(cell) for cell in row.cells) for row in table.rows),
        )
        for table in published_tables(load_facts(document))
    }


def plain(cell):
    if isinstance(cell, Code):
        return cell.code
    return cell


def fact_rows(document):
    """{kind: Counter of rows}: the document's own fields, each model's rows that belong
    to it (with the rows that hang from them), and its organisation's profile of the
    year. A row is a tuple of (field, value) pairs."""
    names = Names()
    rows = {"Document": Counter([names.row(document, DOCUMENT_FIELDS)])}
    for relation in document._meta.related_objects:
        model = relation.related_model
        if relation.one_to_many and model._meta.label not in NOT_PUBLISHED:
            add_rows(model.objects.filter(**{relation.field.name: document}), rows, names)
    profiles = Profile.objects.filter(organisation=document.organisation, year=document.year)
    add_rows(profiles, rows, names)
    return rows


def add_rows(queryset, rows, names, parent=""):
    """Add each row of ``queryset`` to ``rows`` under its model's name, then the rows that
    hang from it (a target set's goals, a profile's items), each naming its parent."""
    model = queryset.model
    fields = [
        field.name
        for field in model._meta.concrete_fields
        if not field.primary_key
        and field.related_model not in (Document, Profile)
        and not (parent and field.is_relation and field.remote_field.on_delete is CASCADE)
    ]
    kind = rows.setdefault(model.__name__, Counter())
    for instance in queryset.order_by("pk"):
        row = names.row(instance, fields)
        kind[((("parent", parent),) if parent else ()) + row] += 1
        for relation in model._meta.related_objects:
            if relation.one_to_many and relation.on_delete is CASCADE:
                children = relation.related_model.objects.filter(**{relation.field.name: instance})
                add_rows(children, rows, names, parent=str(instance))


class Names:
    """A related row named as fixtures name it (its natural key), each looked up once."""

    def __init__(self):
        self.known = {}

    def row(self, instance, fields):
        return tuple((name, self.value(instance, name)) for name in fields)

    def value(self, instance, name):
        field = instance._meta.get_field(name)
        if not field.is_relation:
            return getattr(instance, name)
        pk = getattr(instance, field.attname)
        key = (field.related_model, pk)
        if pk is not None and key not in self.known:
            related = getattr(instance, name)
            natural = getattr(related, "natural_key", None)
            self.known[key] = "/".join(map(str, natural())) if natural else str(related)
        return self.known.get(key)


# ---------------------------------------------------------------------------
# Differences.


def compare(before, after):
    """Each difference between two snapshots, as a line a person reads."""
    return compare_tables(before["tables"], after["tables"]) + compare_facts(
        before["facts"], after["facts"]
    )


def compare_tables(before, after):
    lines = []
    for number in dict.fromkeys([*before, *after]):
        old, new = before.get(number), after.get(number)
        if old is None or new is None:
            lines.append(f"表{number}: {'missing' if new is None else 'extra'}")
            continue
        for name in ("title", "note"):
            if getattr(old, name) != getattr(new, name):
                lines.append(f"表{number} {name}: {getattr(old, name)!r} → {getattr(new, name)!r}")
        lines += compare_rows(number, old.rows, new.rows)
    return lines


def compare_rows(number, before, after):
    """Cell by cell, row by row; a row only one side has is missing or extra."""
    lines = []
    for index in range(max(len(before), len(after))):
        old = before[index] if index < len(before) else None
        new = after[index] if index < len(after) else None
        if old is None or new is None:
            state = "missing" if new is None else "extra"
            lines.append(f"表{number} row {index + 1} {state}: {shown(old or new)}")
            continue
        for column in range(max(len(old), len(new))):
            a = old[column] if column < len(old) else None
            b = new[column] if column < len(new) else None
            if not same(a, b):
                lines.append(f"表{number} row {index + 1} col {column + 1}: {a!s} → {b!s}")
    return lines


def same(a, b):
    if isinstance(a, Decimal) and isinstance(b, Decimal):
        return a == b
    return a == b and type(a) is type(b)


def shown(cells):
    return " | ".join("" if cell is None else str(cell) for cell in cells)


def compare_facts(before, after):
    """Per kind of fact, the rows only ``before`` has (missing) and only ``after`` has
    (extra); a missing and an extra row that share most fields are one changed row."""
    lines = []
    for kind in dict.fromkeys([*before, *after]):
        old, new = before.get(kind, Counter()), after.get(kind, Counter())
        missing, extra = list((old - new).elements()), list((new - old).elements())
        for row in list(missing):
            match = closest(row, extra)
            if match is not None:
                missing.remove(row)
                extra.remove(match)
                lines.append(f"{kind} changed: {changed_fields(row, match)}")
        lines += [f"{kind} missing: {row_text(row)}" for row in missing]
        lines += [f"{kind} extra: {row_text(row)}" for row in extra]
    return lines


def closest(row, candidates):
    """The candidate sharing the most field values with ``row``, if more than half."""

    def shared(other):
        return sum(a == b for a, b in zip(row, other, strict=False))

    best = max(candidates, key=shared, default=None)
    return best if best is not None and shared(best) * 2 > len(row) else None


def changed_fields(old, new):
    """“name: before → after” for each field that differs, after the row's first field."""
    head = f"{old[0][0]}={old[0][1]}" if old else ""
    changes = [
        f"{name}: {change(a, b)}" for (name, a), (_name, b) in zip(old, new, strict=False) if a != b
    ]
    return f"{head}: " + "; ".join(changes)


def change(before, after, context=30):
    """“before → after”; two texts are shown from a little before where they part."""
    if not (isinstance(before, str) and isinstance(after, str)):
        return f"{before} → {after}"
    start = next(
        (i for i, (a, b) in enumerate(zip(before, after, strict=False)) if a != b),
        min(len(before), len(after)),
    )
    start = max(start - context, 0)
    cut = "…" if start else ""
    end = start + 3 * context
    return f"{cut}{before[start:end]!r} → {cut}{after[start:end]!r}"


def row_text(row):
    return ", ".join(f"{name}={value}" for name, value in row if value not in (None, ""))

"""Where each catalogue name comes from, and the rule that keeps it right.

A code's name in the year's catalogue (``classifications``) comes from one of four
sources (``Code.Source``): the national catalogue committed with the code (部门预算支出
经济分类科目, the same since 2018: ``classifications/data/dept_economic_2018.csv``), a
catalogue file loaded by ``load_catalogue``, a person in the admin, or the published
documents of that year. A name from the documents is the one most of them print: each
document votes with the name it prints for the code (its ``PrintedName`` where it differs
from the catalogue, else the catalogue's), and a name with more votes than the current one
replaces it (``settle``). Every document keeps showing its own printed names whatever the
catalogue says; a document printing a different name gets a 提示 on its own page.
"""

import csv
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils import translation

from budgets.classifications.models import Code, DepartmentEconomicCode, FunctionCode

from .models import Document, DocumentFact, Finding, PrintedName

NATIONAL_ECONOMIC_FILE = (
    Path(__file__).resolve().parent.parent / "classifications" / "data" / "dept_economic_2018.csv"
)
#: The first year of the national 部门预算支出经济分类科目 the committed file holds.
NATIONAL_ECONOMIC_SINCE = 2018
SCHEME_OF_MODEL = {
    FunctionCode: PrintedName.Scheme.FUNCTION,
    DepartmentEconomicCode: PrintedName.Scheme.DEPT_ECONOMIC,
}
HINT = "提示：文件印为"


@cache
def national_economic_names():
    with NATIONAL_ECONOMIC_FILE.open(encoding="utf-8") as lines:
        return {row["科目编码"]: row["科目名称"] for row in csv.DictReader(lines)}


def national_name(model, year, code):
    """The national catalogue's name for ``code``, or None where it has none."""
    if model is DepartmentEconomicCode and year >= NATIONAL_ECONOMIC_SINCE:
        return national_economic_names().get(code)
    return None


def same_name(first, second):
    """Names equal but for half- or full-width brackets, which documents print either way."""

    def unified(name):
        return name.replace("(", "（").replace(")", "）")

    return unified(first) == unified(second)


def hint(printed, catalogue_name, year):
    return (
        f"{HINT}“{printed}”，{year}年目录中为“{catalogue_name}”；"
        "本文件的表按印出名称显示，目录名称不变。"
    )


# ---------------------------------------------------------------------------
# Votes: which published documents print which name for a code.


def coded_fact_fields(model):
    """(fact model, field name) of every document fact that names a code of ``model``."""
    return [
        (relation.related_model, relation.field.name)
        for relation in model._meta.related_objects
        if issubclass(relation.related_model, DocumentFact)
    ]


def documents_using(model, year, codes, published=True):
    """{code: {document id}}: the documents of ``year`` (``published`` ones only, or all)
    whose facts use each of ``codes`` or a code beneath it (a document prints the 类 and 款
    over its 项)."""
    users = defaultdict(set)
    wanted = set(codes)
    status = {"document__status": Document.Status.PUBLISHED} if published else {}
    for fact_model, field in coded_fact_fields(model):
        rows = (
            fact_model.objects.filter(**status, **{f"{field}__year": year})
            .values_list("document_id", f"{field}__code")
            .distinct()
        )
        for document_id, used in rows:
            for length in model.LENGTHS:
                if len(used or "") >= length and used[:length] in wanted:
                    users[used[:length]].add(document_id)
    return users


def votes(model, year, codes):
    """{code: Counter(name → documents printing it)} over the published documents."""
    catalogue = {row.code: row.name for row in model.objects.filter(year=year, code__in=codes)}
    printed = defaultdict(dict)
    for row in PrintedName.objects.filter(
        scheme=SCHEME_OF_MODEL[model], code__in=codes, document__year=year
    ):
        printed[row.code][row.document_id] = row.name
    return {
        code: Counter(printed[code].get(document, catalogue.get(code, "")) for document in users)
        for code, users in documents_using(model, year, codes).items()
    }


@dataclass
class Printing:
    """One name printed for a code, with the published documents that print it."""

    name: str
    documents: list


@dataclass
class Entry:
    """A catalogue code as the catalogue page shows it: its name, where the name comes
    from, and every name the year's published documents print for it."""

    code: Code
    printings: list  # [Printing], the catalogue's name first

    @property
    def agreeing(self):
        return len(self.printings[0].documents)

    @property
    def printing(self):
        return sum(len(printing.documents) for printing in self.printings)

    @property
    def others(self):
        return self.printings[1:]


def entries(model, year):
    """Every code of ``year``'s catalogue of ``model``, with its printings (see ``Entry``)."""
    codes = list(model.objects.filter(year=year))
    users = documents_using(model, year, [code.code for code in codes])
    differing = defaultdict(dict)
    for row in PrintedName.objects.filter(
        scheme=SCHEME_OF_MODEL[model],
        document__year=year,
        document_id__in=set().union(*users.values()),
    ):
        differing[row.code][row.document_id] = row.name
    documents = Document.objects.in_bulk(set().union(*users.values()))
    result = []
    for code in codes:
        by_name = defaultdict(list)
        for pk in sorted(users.get(code.code, ()), key=lambda pk: documents[pk].title):
            by_name[differing[code.code].get(pk, code.name)].append(documents[pk])
        printings = [Printing(code.name, by_name.pop(code.name, []))]
        printings += [Printing(name, documents) for name, documents in sorted(by_name.items())]
        result.append(Entry(code, printings))
    return result


# ---------------------------------------------------------------------------
# Keeping the catalogue's names the majority's.


def settle_document(document):
    """After ``document`` is published: the codes it names otherwise than the catalogue may
    now have a new majority."""
    if document.status != Document.Status.PUBLISHED:
        return
    for model, scheme in SCHEME_OF_MODEL.items():
        codes = PrintedName.objects.filter(document=document, scheme=scheme)
        settle(model, document.year, list(codes.values_list("code", flat=True)))


def settle(model, year, codes):
    """Give each documents-sourced code among ``codes`` the name most published documents
    of ``year`` print for it (ties keep the current name), keeping every document's own
    printed names and its 提示 as they were."""
    current = {
        row.code: row
        for row in model.objects.filter(year=year, code__in=codes, source=Code.Source.DOCUMENTS)
    }
    for code, counted in votes(model, year, list(current)).items():
        row = current[code]
        name, count = counted.most_common(1)[0]
        if name != row.name and count > counted[row.name]:
            rename(model, row, name)


def rename(model, row, name):
    """Make ``name`` the catalogue's name for ``row``: documents that printed the old name
    now store it as their own, those that printed the new one no longer need to."""
    scheme = SCHEME_OF_MODEL[model]
    users = documents_using(model, row.year, [row.code], published=False).get(row.code, set())
    differing = set(
        PrintedName.objects.filter(
            scheme=scheme, code=row.code, document__year=row.year
        ).values_list("document_id", flat=True)
    )
    PrintedName.objects.filter(
        scheme=scheme, code=row.code, name=name, document__year=row.year
    ).delete()
    PrintedName.objects.bulk_create(
        PrintedName(document_id=document, scheme=scheme, code=row.code, name=row.name)
        for document in users - differing
    )
    row.name = name
    row.save(update_fields=["name"])
    refresh_hints(model, row)


def refresh_hints(model, row):
    """Every document's 提示 about ``row``'s name says what the catalogue says now."""
    with translation.override(None):  # findings are stored as the importer writes them
        table = str(model._meta.verbose_name)
    Finding.objects.filter(
        table=table, row=row.code, document__year=row.year, message__startswith=HINT
    ).delete()
    Finding.objects.bulk_create(
        Finding(
            document_id=printed.document_id,
            table=table,
            row=row.code,
            message=hint(printed.name, row.name, row.year),
        )
        for printed in PrintedName.objects.filter(
            scheme=SCHEME_OF_MODEL[model], code=row.code, document__year=row.year
        )
        if not same_name(printed.name, row.name)
    )

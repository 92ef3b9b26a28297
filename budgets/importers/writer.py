"""Storing a read and checked document: organisations, catalogue codes, the document and
all its facts, in one transaction. A document already imported (same organisation, year,
stage and scope) is updated in place: its facts are replaced, never duplicated."""

import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from budgets.caching import version as data_version
from budgets.classifications.models import DepartmentEconomicCode, FunctionCode
from budgets.disclosures import catalogue
from budgets.disclosures.arithmetic import Disagreement
from budgets.disclosures.models import (
    AdministrativeRunningLine,
    BasicExpenditureSplit,
    CarryOver,
    Document,
    EconomicExpenditure,
    ExpenditureByType,
    Finding,
    FunctionExpenditure,
    PrintedName,
    PrintedRow,
    PrintedSubtotal,
    Procurement,
    ProcurementItem,
    Project,
    RestrictedSpending,
    RevenueLine,
    SourceFile,
    Statement,
    TableNote,
)
from budgets.fidelity import gate
from budgets.organisations.models import Organisation, Profile, ProfileItem, Region, VehicleCount
from budgets.performance import imported as imported_targets
from budgets.review import corrections
from budgets.summaries import kept

from .pdf import ImportRefusedError

STATEMENT_FIELDS = (
    "topic",
    "subject",
    "amount",
    "count",
    "comparison",
    "comparison_amount",
    "direction",
    "change_amount",
    "change_percent",
    "completion_percent",
    "reason",
    "quote",
)


def refusal_message(parsed):
    lines = [
        _("《%(title)s》未导入：文件自身核对发现 %(count)s 处不一致：")
        % {"title": parsed.title, "count": len(parsed.errors)}
    ]
    lines += [f"  {problem.table} / {problem.row}：{problem.message}" for problem in parsed.errors]
    lines.append(_("确认文件无误后，可用 --force 强制导入，问题将记录为核对问题。"))
    return "\n".join(lines)


def import_document(
    parsed,
    template,
    *,
    publish=None,
    force=False,
    published_on=None,
    source_name="",
    sources=None,
    pages=None,
):
    """Store ``parsed`` (a checked ParsedDocument); ImportRefusedError if it has errors and not
    ``force``. Returns the Document.

    ``publish``: True publishes (dated ``published_on``, else the date it already has, else
    the PDF's creation date), False saves a draft, None keeps the state of a document
    already imported (status and date) and saves a new one as a draft. A document that has
    been public (published or withdrawn) is never changed here: the import becomes its
    correction (``review.corrections``), a draft for review, whatever ``publish`` says.

    ``sources``: the files read, as (name, bytes) pairs, kept as the document's original
    files for download (None keeps those it has).

    ``pages``: the PDF pages the document was read from. The stored document's tables are
    then compared with what the pages print (``fidelity.gate``); a difference refuses the
    import, or with ``force`` is kept as a finding."""
    if parsed.errors and not force:
        raise ImportRefusedError(refusal_message(parsed))
    with transaction.atomic():
        document = Writer(parsed, template).write(publish, published_on, source_name)
        if sources is not None:
            SourceFile.replace_for(document, sources)
        if pages is not None:
            pass_fidelity_gate(document, parsed.title, pages, force)
        catalogue.settle_document(document)
        return document


def pass_fidelity_gate(document, title, pages, force):
    """Refuse (ImportRefusedError, rolling the import back) a document whose stored tables
    differ from what its PDF prints; with ``force``, keep each difference as a finding."""
    verdict = gate.verdict(document, pages)
    if verdict is None or verdict.ok:
        return
    if not force:
        raise ImportRefusedError(gate.refusal(title, verdict))
    Finding.objects.bulk_create(
        Finding(document=document, table=table[:100], row=row, message=message)
        for table, row, message in gate.messages(verdict)
    )


def publication(existing, publish, published_on, created_on):
    """(status, published_on) of an imported document; see ``import_document``."""
    if publish is None:
        if existing is None:
            return Document.Status.DRAFT, None
        return existing.status, existing.published_on
    if not publish:
        return Document.Status.DRAFT, None
    kept = existing.published_on if existing and existing.status == "published" else None
    date = published_on or kept or created_on or datetime.date.today().isoformat()
    return Document.Status.PUBLISHED, date


def existing_document(parsed):
    """The Document a re-import of ``parsed`` would replace, or None (found as ``write``
    finds it: region, organisation kind and name, year, stage, scope)."""
    kind = (
        Organisation.Kind.DEPARTMENT
        if parsed.cover.scope == Document.Scope.DEPARTMENT
        else Organisation.Kind.UNIT
    )
    return (
        Document.objects.filter(
            corrects=None,
            organisation__region__code=parsed.regions[-1].code,
            organisation__kind=kind,
            organisation__name=parsed.cover.owner,
            year=parsed.cover.year,
            stage=getattr(parsed, "stage", Document.Stage.BUDGET),
            scope=parsed.cover.scope,
        )
        .select_related("organisation")
        .first()
    )


#: Every kind of fact a re-import replaces.
FACT_MODELS = (
    TableNote,
    RevenueLine,
    FunctionExpenditure,
    BasicExpenditureSplit,
    EconomicExpenditure,
    ExpenditureByType,
    RestrictedSpending,
    Procurement,
    ProcurementItem,
    Statement,
    Finding,
    PrintedSubtotal,
    CarryOver,
    PrintedRow,
    PrintedName,
    AdministrativeRunningLine,
)


class Writer:
    def __init__(self, parsed, template):
        self.parsed = parsed
        self.template = template
        self.year = parsed.cover.year
        self.findings = list(parsed.errors) + list(parsed.warnings)

    def write(self, publish, published_on, source_name):
        parsed = self.parsed
        region = self.region()
        organisation = self.organisation(region)
        key = {
            "organisation": organisation,
            "year": self.year,
            "stage": getattr(parsed, "stage", Document.Stage.BUDGET),
            "scope": parsed.cover.scope,
        }
        fields = {
            "template": self.template,
            "title": parsed.title,
            "amount_unit": parsed.amount_unit,
            "amount_places": parsed.amount_places,
            "source_name": source_name,
            "source_sha256": parsed.sha256,
            "glossary": parsed.narrative.glossary,
        }
        existing = Document.objects.filter(**key, corrects=None).first()
        if existing is not None and existing.locked:
            # A document that has been public changes only through review: the import
            # becomes (or replaces) its correction, whatever ``publish`` asked.
            document = corrections.start(existing)
            Document.objects.filter(pk=document.pk).update(**fields)
            document.refresh_from_db()
        else:
            status, date = publication(existing, publish, published_on, parsed.created_on)
            fields.update(status=status, published_on=date)
            document, _created = Document.objects.update_or_create(
                **key, corrects=None, defaults=fields
            )
        functions = self.codes(FunctionCode, parsed.function_names)
        economics = self.codes(DepartmentEconomicCode, parsed.economic_names)
        self.replace_facts(document, functions, economics)
        kept.summarise([document.pk])
        if getattr(parsed, "writes_profile", True):
            # A 决算 leaves the year's profile (duties, assets) to the year's budget.
            self.profile(organisation)
        # bulk_create sends no signals: the pages' data version moves here (and again at
        # commit), so no page cached before the import is served after it.
        data_version.bump()
        return document

    def region(self):
        """The document's region, with the regions above it, found or created by code."""
        region = None
        for level in self.parsed.regions:
            region, _created = Region.objects.get_or_create(
                code=level.code,
                defaults={"name": level.name, "level": level.level, "parent": region},
            )
        return region

    def organisation(self, region):
        """The document's organisation, found by name; a department's listed units too."""
        name = self.parsed.cover.owner
        if self.parsed.cover.scope == Document.Scope.DEPARTMENT:
            department, _created = Organisation.objects.get_or_create(
                region=region, kind=Organisation.Kind.DEPARTMENT, name=name
            )
            for unit_name in self.parsed.narrative.units:
                unit, _created = Organisation.objects.get_or_create(
                    region=region,
                    kind=Organisation.Kind.UNIT,
                    name=unit_name,
                    defaults={"parent": department},
                )
                if unit.parent_id is None:
                    unit.parent = department
                    unit.save(update_fields=["parent"])
                elif unit.parent_id != department.pk:
                    self.findings.append(
                        Disagreement(
                            "机构设置",
                            unit_name,
                            f"提示：该单位已属于部门“{unit.parent.name}”，未改动。",
                        )
                    )
            return department
        unit, _created = Organisation.objects.get_or_create(
            region=region, kind=Organisation.Kind.UNIT, name=name
        )
        if unit.parent_id is None:
            # Its department, if already known by the same name (the department's 本部);
            # otherwise importing the department's document links it later.
            unit.parent = Organisation.objects.filter(
                region=region, kind=Organisation.Kind.DEPARTMENT, name=name
            ).first()
            if unit.parent:
                unit.save(update_fields=["parent"])
        return unit

    def codes(self, model, names):
        """Catalogue codes of the document's year, created where missing (parents first)
        with the national catalogue's name where it has one, else as printed. An existing
        code keeps its name (other documents use it; ``catalogue.settle`` later gives it the
        majority's): the document's tables show its own printed name (``PrintedName``),
        and the difference is a 提示 on its own page."""
        codes = {}
        for code in sorted(names, key=lambda code: (len(code), code)):
            national = catalogue.national_name(model, self.year, code)
            instance, _created = model.objects.get_or_create(
                year=self.year,
                code=code,
                defaults={
                    "name": national or names[code],
                    "source": model.Source.NATIONAL if national else model.Source.DOCUMENTS,
                },
            )
            if not catalogue.same_name(instance.name, names[code]):
                self.findings.append(
                    Disagreement(
                        model._meta.verbose_name,
                        code,
                        catalogue.hint(names[code], instance.name, self.year),
                    )
                )
            codes[code] = instance
        return codes

    def replace_facts(self, document, functions, economics):
        """Every fact of ``document`` deleted, then written again from the parsed document."""
        for model in FACT_MODELS:
            model.objects.filter(document=document).delete()
        tables = {table.number: table for table in self.template.tables.all()}
        self.write_amounts(document, tables, functions, economics)
        self.write_as_printed(document, tables, functions, economics)
        self.write_restricted_and_procurement(document, economics)
        self.write_statements_and_findings(document)

    def write_amounts(self, document, tables, functions, economics):
        """The tables' notes and the amounts by source, function and economic code."""
        parsed = self.parsed
        TableNote.objects.bulk_create(
            TableNote(
                document=document, table=tables[number], title=table.title, note=table.note[:300]
            )
            for number, table in parsed.tables.items()
        )
        RevenueLine.objects.bulk_create(
            RevenueLine(
                document=document,
                source=line.source,
                function=functions.get(line.code),  # None: revenue by source only
                item=line.item,
                amount=line.amount,
            )
            for line in parsed.revenue
        )
        ExpenditureByType.objects.bulk_create(
            ExpenditureByType(
                document=document, coverage=coverage, expense_type=expense_type, amount=amount
            )
            for coverage, expense_type, amount in getattr(parsed, "by_type", ())
        )
        FunctionExpenditure.objects.bulk_create(
            FunctionExpenditure(
                document=document,
                function=functions[line.code],
                source=line.source,
                expense_type=line.expense_type,
                amount=line.amount,
            )
            for line in parsed.expenditure
        )
        BasicExpenditureSplit.objects.bulk_create(
            BasicExpenditureSplit(
                document=document, function=functions[code], personnel=personnel, running=running
            )
            for code, personnel, running in parsed.basic_splits
        )
        EconomicExpenditure.objects.bulk_create(
            EconomicExpenditure(
                document=document,
                dept_economic=economics[line.code],
                source=line.source,
                expense_type=line.expense_type,
                amount=line.amount,
            )
            for line in parsed.economic
        )

    def write_as_printed(self, document, tables, functions, economics):
        """Printed subtotals, carry-overs, printed rows and names: how the document prints."""
        parsed = self.parsed
        PrintedSubtotal.objects.bulk_create(
            PrintedSubtotal(
                document=document, table=tables[number], row=row, column=column, amount=amount
            )
            for number, row, column, amount in parsed.printed_subtotals
        )
        # A 决算's carry-overs, the rows it prints whatever their figures, and its 三公
        # 预算数/决算数 (``shanghai_final``).
        CarryOver.objects.bulk_create(
            CarryOver(
                document=document,
                kind=kind,
                source=source,
                function=functions[code] if code else None,
                amount=amount,
            )
            for kind, source, code, amount in getattr(parsed, "carry_overs", ())
        )
        PrintedRow.objects.bulk_create(
            PrintedRow(
                document=document,
                table=tables[number],
                position=position,
                side=side,
                code="" if code.startswith("-") else code,
                label=label[:200],
            )
            for number, position, side, code, label in getattr(parsed, "printed_rows", ())
        )
        self.printed_names(document, functions, economics)

    def write_restricted_and_procurement(self, document, economics):
        parsed = self.parsed
        for period, values in getattr(parsed, "restricted_periods", {}).items():
            RestrictedSpending.objects.create(document=document, period=period, **values)
        if parsed.restricted is not None:
            RestrictedSpending.objects.create(
                document=document,
                period=RestrictedSpending.Period.CURRENT_YEAR,
                **{name: parsed.restricted.get(name) for name in RestrictedSpending.AMOUNT_FIELDS},
            )
        self.procurement(document)
        AdministrativeRunningLine.objects.bulk_create(
            AdministrativeRunningLine(
                document=document, dept_economic=economics[code], amount=amount
            )
            for code, amount in getattr(parsed, "running", ())
        )
        ProcurementItem.objects.bulk_create(
            ProcurementItem(document=document, position=position, **fields)
            for position, fields in enumerate(getattr(parsed, "procurement_items", ()), start=1)
        )

    def write_statements_and_findings(self, document):
        Statement.objects.bulk_create(
            Statement(
                document=document,
                position=position,
                **{name: fields.get(name) for name in STATEMENT_FIELDS},
            )
            for position, fields in enumerate(self.unique_statements(), start=1)
        )
        self.projects(document)
        Finding.objects.bulk_create(
            Finding(
                document=document,
                table=problem.table[:100],
                row=problem.row[:200],
                message=problem.message,
            )
            for problem in self.findings
        )

    def printed_names(self, document, functions, economics):
        """Each code's name as the document prints it where the year's catalogue names the
        code otherwise (see ``codes``); elsewhere the catalogue's name is the printed one."""
        PrintedName.objects.bulk_create(
            PrintedName(document=document, scheme=scheme, code=code, name=name[:200])
            for scheme, names, catalogue in (
                (PrintedName.Scheme.FUNCTION, self.parsed.function_names, functions),
                (PrintedName.Scheme.DEPT_ECONOMIC, self.parsed.economic_names, economics),
            )
            for code, name in names.items()
            if code in catalogue and catalogue[code].name != name
        )

    def unique_statements(self):
        """Statements with a unique (topic, subject) each, as the model requires."""
        seen = set()
        for fields in self.parsed.statements:
            key = (fields["topic"], fields["subject"])
            if key in seen:
                continue
            seen.add(key)
            yield fields

    def procurement(self, document):
        """政府采购 as the document states it: its 货物, 工程 and 服务 as printed, even where
        they do not add up to the total (the reader's finding says so)."""
        procurement = self.parsed.narrative.procurement
        if not procurement:
            return
        values = dict(procurement)
        sme, small = values.get("reserved_for_sme"), values.get("reserved_for_small_micro")
        if sme is not None and small is not None and small > sme:
            values.update(reserved_for_small_micro=None)
        Procurement.objects.create(document=document, **values)

    def projects(self, document):
        """Each project the narrative describes or a 绩效目标填报表 names, with its amount
        and its targets (``performance.imported``)."""
        stored = []
        for position, parsed in enumerate(self.parsed.narrative.projects, start=1):
            project, _created = Project.objects.update_or_create(
                document=document,
                name=parsed.name[:300],
                defaults={
                    "position": position,
                    "description": parsed.description,
                    "amount": parsed.amount,
                },
            )
            stored.append((project, parsed.form))
        names = [project.name for project, _form in stored]
        Project.objects.filter(document=document).exclude(name__in=names).delete()
        for name, indicator in imported_targets.replace_targets(document, stored):
            self.findings.append(
                Disagreement(
                    "绩效目标填报表",
                    name,
                    f"提示：指标“{indicator[2]}”的一级/二级指标“{indicator[0]}/{indicator[1]}”"
                    "不在指标框架内，未保存。",
                )
            )

    def profile(self, organisation):
        narrative = self.parsed.narrative
        assets = narrative.assets or {}
        profile, _created = Profile.objects.update_or_create(
            organisation=organisation,
            year=self.year,
            defaults={
                "duties_intro": narrative.duties_intro,
                "history": narrative.history,
                "assets_as_of": assets.get("as_of"),
                "vehicles": assets.get("vehicles"),
                "equipment_count": assets.get("equipment"),
                "equipment_threshold": assets.get("threshold"),
                "vehicles_planned": assets.get("vehicles_planned"),
                "equipment_planned": assets.get("equipment_planned"),
            },
        )
        profile.items.all().delete()
        profile.vehicle_counts.all().delete()
        ProfileItem.objects.bulk_create(
            [
                ProfileItem(profile=profile, kind=ProfileItem.Kind.DUTY, number=number, text=text)
                for number, text in unique_numbers(narrative.duties)
            ]
            + [
                ProfileItem(
                    profile=profile,
                    kind=ProfileItem.Kind.OFFICE,
                    number=number,
                    title=title[:200],
                    text=text or title,
                )
                for number, title, text in unique_numbers(narrative.offices)
            ]
        )
        planned = assets.get("categories_planned", {})
        VehicleCount.objects.bulk_create(
            VehicleCount(
                profile=profile, category=category[:50], held=held, planned=planned.get(category)
            )
            for category, held in assets.get("categories", {}).items()
        )


def unique_numbers(items):
    """Numbered items with the first of any repeated number (the model's unique key)."""
    seen = set()
    for item in items:
        if item[0] not in seen:
            seen.add(item[0])
            yield item

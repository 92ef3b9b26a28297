"""A synthetic province for load tests, cloned from the committed real documents.

Every synthetic document is a copy of one real document of the committed fixtures (its
*prototype*), a budget or a 决算 (final accounts): the same template, the same fact kinds
and code sets, the same narrative statements, projects, performance targets and profile,
with every amount multiplied by one whole number per department (1–3), so every sum, split
and cross-table check that holds for the prototype holds for the copy. Years before the
prototype's are the prototype again with its years shifted. A department whose template
family has 决算 prototypes (上海) publishes, beside its budgets, the 决算 of the year before
each budget's year (a year's 决算 comes out the next year): as many years of each, with
the department's multiplier. Regions and organisations are flagged ``synthetic`` and
named 合成…, so the public pages show them as such.

Loading writes rows, not model instances: ids of parent rows are allocated up front
(PostgreSQL ``nextval``; SQLite ``max(id)``), and each table is written with one
``COPY … FROM STDIN`` per batch on PostgreSQL (psycopg 3), ``executemany`` on SQLite.
"""

import functools
import random
import re
import time
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.apps import apps
from django.core.management import call_command
from django.db import connection, models, transaction

from budgets.classifications.models import (
    DepartmentEconomicCode,
    FunctionCode,
    GovernmentEconomicCode,
)
from budgets.disclosures.models import Document, DocumentFact, Finding, TableNote, Template
from budgets.disclosures.money import MoneyField
from budgets.organisations.models import Organisation, Profile, ProfileItem, Region, VehicleCount
from budgets.performance.models import Goal, Indicator, TargetSet, Task
from budgets.summaries import kept

CODE_MODELS = (FunctionCode, DepartmentEconomicCode, GovernmentEconomicCode)
CODE_FIELDS = {"function": FunctionCode, "dept_economic": DepartmentEconomicCode}
CODE_FIELDS["gov_economic"] = GovernmentEconomicCode
TARGET_CHILDREN = (Goal, Task, Indicator)
PROFILE_CHILDREN = (ProfileItem, VehicleCount)
PROJECT_MODEL = apps.get_model("disclosures", "Project")
#: Rows whose ids other rows point to (a target set its project): allocated before writing,
#: and written with them.
PARENTS = (Region, Organisation, Document, Profile, TargetSet, PROJECT_MODEL)
WARNING_PREFIX = "提示："
#: A year in text: four digits alone, never those of a longer number (function code 2013901
#: stays itself when its document's years move).
YEAR = re.compile(r"(?<!\d)20\d\d(?!\d)")

DEPARTMENT_STEMS = [
    "教育局",
    "卫生健康委员会",
    "民政局",
    "司法局",
    "财政局",
    "人力资源和社会保障局",
    "自然资源局",
    "生态环境局",
    "住房和城乡建设局",
    "交通运输局",
    "水务局",
    "农业农村局",
    "商务局",
    "文化和旅游局",
    "应急管理局",
    "市场监督管理局",
    "统计局",
    "医疗保障局",
    "人民政府办公室",
    "发展和改革委员会",
    "科学技术局",
    "工业和信息化局",
    "公安局",
    "审计局",
    "档案局",
    "体育局",
    "退役军人事务局",
    "林业局",
    "信访局",
    "机关事务管理局",
]
UNIT_STEMS = [
    "机关",
    "综合服务中心",
    "信息中心",
    "综合行政执法大队",
    "档案馆",
    "培训中心",
    "监测站",
    "事务中心",
]


def fact_models():
    """Every concrete model of a document's facts (DocumentFact and its subclasses)."""
    return [
        model
        for model in apps.get_models()
        if issubclass(model, DocumentFact) and not model._meta.abstract
    ]


def values_of(queryset):
    model = queryset.model
    return list(queryset.order_by("pk").values(*[f.attname for f in model._meta.concrete_fields]))


@dataclass
class Prototype:
    """One real document, read into plain values with its foreign keys made portable."""

    family: str
    series: tuple  # (organisation pk, scope, stage): one organisation's documents over years
    year: int
    scope: str
    stage: str
    kind: str
    template: str
    document: dict
    organisation: dict
    facts: dict = field(default_factory=dict)  # model -> [values]
    target_sets: list = field(default_factory=list)
    target_children: dict = field(default_factory=dict)  # model -> [values]
    profile: dict = None
    profile_children: dict = field(default_factory=dict)
    rows: int = 0  # fact rows one copy writes


@dataclass
class Prototypes:
    by_family: dict  # family -> {(stage, scope): [[Prototype by year]]}
    codes: dict  # (model, year) -> [values] of the codes the prototypes of that year use
    tables: dict  # (template code, number) -> TemplateTable pk (after loading)
    templates: dict  # template code -> pk


def family_of(template_code):
    return template_code.split("-")[0]


def read_prototypes():
    """The committed fixtures' published budgets and 决算 as prototypes.

    The fixtures are loaded inside a transaction that is rolled back (a database that
    already holds them, or staff's changes to them, is left as it was). Templates are
    loaded for good where the database has none: every document needs its template."""
    from budgets.disclosures.management.commands.load_initial_data import fixture_names
    from budgets.review import checks

    if not Template.objects.exists():
        call_command("loaddata", "templates", verbosity=0)
    families = defaultdict(lambda: defaultdict(list))
    codes = {}
    with transaction.atomic():
        call_command("loaddata", *fixture_names(), verbosity=0)
        code_names = {
            model: {
                pk: (year, code)
                for pk, year, code in model.objects.values_list("pk", "year", "code")
            }
            for model in CODE_MODELS
        }
        table_keys = {
            table.pk: (table.template.code, table.number)
            for table in apps.get_model("disclosures", "TemplateTable").objects.select_related(
                "template"
            )
        }
        documents = Document.published.filter(organisation__synthetic=False).select_related(
            "organisation", "template"
        )
        by_series = defaultdict(list)
        for document in documents.order_by("organisation_id", "scope", "stage", "year"):
            facts = checks.published.load_facts(document)
            clean = not checks.arithmetic_problems(facts)
            prototype = read_one(document, code_names, table_keys, codes, checks, facts)
            by_series[prototype.series].append((clean, prototype))
        transaction.set_rollback(True)
    for series in by_series.values():
        prototype = series[0][1]
        families[prototype.family][prototype.stage, prototype.scope].append(series)
    by_family = {}
    for family, scopes in families.items():
        by_family[family] = {}
        for key, all_series in scopes.items():
            # Documents the project's checks pass; a family none of whose documents pass
            # (江苏: see the report) is kept as it is, so every template is represented.
            clean = [
                [p for ok, p in series] for series in all_series if all(ok for ok, p in series)
            ]
            chosen = clean or [[p for _ok, p in series] for series in all_series]
            if chosen:
                by_family[family][key] = chosen
    return Prototypes(
        by_family=by_family,
        codes=codes,
        tables={
            (table.template.code, table.number): table.pk
            for table in apps.get_model("disclosures", "TemplateTable").objects.select_related(
                "template"
            )
        },
        templates=dict(Template.objects.values_list("code", "pk")),
    )


def read_one(document, code_names, table_keys, codes, checks, facts):
    organisation = document.organisation
    prototype = Prototype(
        family=family_of(document.template.code),
        series=(organisation.pk, document.scope, document.stage),
        year=document.year,
        scope=document.scope,
        stage=document.stage,
        kind=organisation.kind,
        template=document.template.code,
        document=values_of(Document.objects.filter(pk=document.pk))[0],
        organisation=values_of(Organisation.objects.filter(pk=organisation.pk))[0],
    )
    used = defaultdict(set)
    for model in fact_models():
        rows = values_of(model.objects.filter(document=document))
        if model is Finding:
            # The real import's findings: keep its warnings, never its errors.
            rows = [row for row in rows if row["message"].startswith(WARNING_PREFIX)]
        for row in rows:
            for name, code_model in CODE_FIELDS.items():
                key = name + "_id"
                if row.get(key) is not None:
                    year, code = code_names[code_model][row[key]]
                    row[key] = code
                    used[code_model].add(code)
            if "table_id" in row:
                row["table_id"] = table_keys[row["table_id"]]
            if model is PROJECT_MODEL:
                row["organisation_id"] = (
                    "self" if row["organisation_id"] in (None, organisation.pk) else None
                )
        prototype.facts[model] = rows
    # A table the template requires that prints no figures gets the note such tables
    # carry in the real documents, so the copy is complete.
    notes = {row["table_id"]: row for row in prototype.facts[TableNote]}
    for problem in checks.completeness_problems(facts):
        table = next(t for t in facts.template_tables if t.number == problem.table)
        key = table_keys[table.pk]
        note = missing_table_note(document)
        if key in notes:
            notes[key]["note"] = note
        else:
            row = {"id": None, "document_id": None, "table_id": key, "title": "", "note": note}
            prototype.facts[TableNote].append(row)
    prototype.target_sets = values_of(TargetSet.objects.filter(document=document))
    for model in TARGET_CHILDREN:
        prototype.target_children[model] = values_of(
            model.objects.filter(target_set__document=document)
        )
    profile = Profile.objects.filter(organisation=organisation, year=document.year).first()
    if profile is not None:
        prototype.profile = values_of(Profile.objects.filter(pk=profile.pk))[0]
        for model in PROFILE_CHILDREN:
            prototype.profile_children[model] = values_of(model.objects.filter(profile=profile))
    prototype.rows = (
        sum(len(rows) for rows in prototype.facts.values())
        + len(prototype.target_sets)
        + sum(len(rows) for rows in prototype.target_children.values())
    )
    for model, names in used.items():
        key = (model, document.year)
        known = {row["code"] for row in codes.get(key, [])}
        wanted = set()
        for code in names:
            wanted.update(code[:length] for length in model.LENGTHS if length <= len(code))
        rows = values_of(model.objects.filter(year=document.year, code__in=wanted - known))
        codes.setdefault(key, []).extend(rows)
    return prototype


def missing_table_note(document):
    if document.stage == Document.Stage.FINAL_ACCOUNTS:
        return "本年度无此项收支，故本表无数据。"
    return "本部门不涉及此项预算。" if document.scope == "department" else "本单位不涉及。"


@functools.cache
def field_kinds(model):
    """The attnames of a model's amounts (MoneyField) and of its free text."""
    fields = model._meta.concrete_fields
    money = [f.attname for f in fields if isinstance(f, MoneyField)]
    text = [
        f.attname
        for f in fields
        if isinstance(f, models.CharField | models.TextField) and not f.choices
    ]
    return money, text


def pg_type(field):
    """The PostgreSQL type name of a column, for a binary COPY (numeric(18,2) → numeric)."""
    name = field.db_type(connection).split("(")[0].strip()
    return {"serial": "integer", "bigserial": "bigint"}.get(name, name)


class Loader:
    """Rows buffered per table and written in bulk: COPY on PostgreSQL, executemany else."""

    def __init__(self):
        self.postgres = connection.vendor == "postgresql"
        self.rows = defaultdict(list)
        self.next_id = {}
        self.written = defaultdict(int)
        self.seconds = 0.0

    def ids(self, model, count):
        if count == 0:
            return []
        table = model._meta.db_table
        with connection.cursor() as cursor:
            if self.postgres:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [table, count],
                )
                return [row[0] for row in cursor.fetchall()]
            if table not in self.next_id:
                cursor.execute(f'SELECT COALESCE(MAX(id), 0) + 1 FROM "{table}"')
                self.next_id[table] = cursor.fetchone()[0]
        start = self.next_id[table]
        self.next_id[table] = start + count
        return list(range(start, start + count))

    def add(self, model, values):
        self.rows[model].append(values)

    def columns(self, model):
        with_id = model in PARENTS
        return [f for f in model._meta.concrete_fields if with_id or not f.primary_key]

    def flush(self):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for model, rows in self.rows.items():
                if not rows:
                    continue
                fields = self.columns(model)
                defaults = {f.attname: f.get_default() for f in fields}
                tuples = [
                    tuple(row.get(f.attname, defaults[f.attname]) for f in fields) for row in rows
                ]
                names = ", ".join(connection.ops.quote_name(f.column) for f in fields)
                table = connection.ops.quote_name(model._meta.db_table)
                if self.postgres:
                    sql = f"COPY {table} ({names}) FROM STDIN (FORMAT BINARY)"
                    with cursor.cursor.copy(sql) as copy:
                        copy.set_types([pg_type(f) for f in fields])
                        for row in tuples:
                            copy.write_row(row)
                else:
                    marks = ", ".join(["%s"] * len(fields))
                    cursor.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", tuples)
                self.written[model] += len(rows)
        self.rows.clear()
        self.seconds += time.perf_counter() - started


def region_codes(seed, regions):
    """The province's code and its regions' codes for ``seed`` (6 digits, 9xx…)."""
    stem = f"9{seed % 100:02d}"
    return f"{stem}000", [f"{stem}{index + 1:03d}" for index in range(regions)]


def delete_seed(seed):
    """Remove the synthetic regions of ``seed`` and everything under them."""
    province, cities = region_codes(seed, 999)
    regions = list(
        Region.objects.filter(synthetic=True, code__startswith=province[:3]).values_list(
            "pk", flat=True
        )
    )
    if not regions:
        return 0
    db = connection.alias
    in_regions = {"organisation__region__in": regions}
    for model in TARGET_CHILDREN:
        model.objects.filter(
            **{"target_set__document__" + k: v for k, v in in_regions.items()}
        )._raw_delete(db)
    TargetSet.objects.filter(**{"document__" + k: v for k, v in in_regions.items()})._raw_delete(db)
    for model in apps.get_models():
        if model is TargetSet:
            continue
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model is Document:
                model.objects.filter(
                    **{f"{f.name}__{k}": v for k, v in in_regions.items()}
                )._raw_delete(db)
    for model in PROFILE_CHILDREN:
        model.objects.filter(profile__organisation__region__in=regions)._raw_delete(db)
    Profile.objects.filter(organisation__region__in=regions)._raw_delete(db)
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model is Region and model not in (Region, Organisation):
                model.objects.filter(**{f"{f.name}__in": regions})._raw_delete(db)
    Document.objects.filter(**in_regions)._raw_delete(db)
    Organisation.objects.filter(region__in=regions, parent__isnull=False)._raw_delete(db)
    Organisation.objects.filter(region__in=regions)._raw_delete(db)
    Region.objects.filter(pk__in=regions, parent__isnull=False)._raw_delete(db)
    Region.objects.filter(pk__in=regions)._raw_delete(db)
    return len(regions)


def ensure_codes(prototypes, model, source_year, year):
    """The codes the prototypes of ``source_year`` use, in ``year``'s catalogue: those
    missing are added (with their parents), those present kept. {code: pk}."""
    existing = dict(model.objects.filter(year=year).values_list("code", "pk"))
    rows = prototypes.codes.get((model, source_year), [])
    for length in model.LENGTHS:
        new = []
        for row in rows:
            if len(row["code"]) != length or row["code"] in existing:
                continue
            values = {k: v for k, v in row.items() if k not in ("id", "parent_id", "year")}
            parent = model.parent_code_of(row["code"])
            new.append(model(year=year, parent_id=existing.get(parent), **values))
        if new:
            model.objects.bulk_create(new)
            existing = dict(model.objects.filter(year=year).values_list("code", "pk"))
    return existing


@dataclass
class Plan:
    family: str
    department_series: list  # [Prototype by year] or None
    unit_series: list  # [[Prototype by year]] per unit
    factor: int
    department_finals: list = None  # the department's 决算 [Prototype by year], or None


BUDGET = Document.Stage.BUDGET
FINAL = Document.Stage.FINAL_ACCOUNTS


class Generator:
    def __init__(self, *, organisations, years, regions, seed, facts=None, progress=None):
        self.organisations = organisations
        self.years = years
        self.regions = regions
        self.seed = seed
        self.target_facts = facts
        self.progress = progress
        self.random = random.Random(seed)
        self.loader = Loader()
        self.code_ids = {}
        self.documents = 0
        self.final_documents = 0
        self.fact_rows = 0
        self.organisation_count = 0
        self.profiles = set()  # (organisation pk, year) written: a budget's and a 决算's share it
        self.summarise_seconds = 0.0

    def codes_for(self, prototypes, source_year, year):
        key = (source_year, year)
        if key not in self.code_ids:
            self.code_ids[key] = {
                model: ensure_codes(prototypes, model, source_year, year) for model in CODE_MODELS
            }
        return self.code_ids[key]

    def plans(self, prototypes):
        """One plan per department, cycling through the templates."""
        families = sorted(prototypes.by_family)
        index = 0
        while True:
            family = families[index % len(families)]
            scopes = prototypes.by_family[family]
            department = scopes.get((BUDGET, "department"))
            units = scopes.get((BUDGET, "unit"))
            finals = scopes.get((FINAL, "department"))
            choice = self.random.randrange(1000)
            if units and not department:
                # 陕西: the department publishes no document of its own, each unit does.
                count = 3 + choice % 3
            elif units:
                count = 2 + choice % 3
            else:
                count = 0
            yield Plan(
                family,
                department[choice % len(department)] if department else None,
                [units[(choice + i) % len(units)] for i in range(count)] if units else [],
                1 + choice % 3,
                finals[choice % len(finals)] if finals else None,
            )
            index += 1

    def done(self):
        if self.target_facts is not None:
            return self.fact_rows >= self.target_facts
        return self.organisation_count >= self.organisations

    def run(self):
        started = time.perf_counter()
        prototypes = read_prototypes()
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # Bulk loading: the rows are built to satisfy every foreign key (checked
                # by the tests), so PostgreSQL's per-row FK triggers are skipped where the
                # role may (a superuser); the commit is not waited for on disk.
                cursor.execute("SET LOCAL synchronous_commit = off")
                cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
                if cursor.fetchone()[0]:
                    cursor.execute("SET LOCAL session_replication_role = replica")
        deleted = delete_seed(self.seed)
        province_code, city_codes = region_codes(self.seed, self.regions)
        province_id, *city_ids = self.loader.ids(Region, 1 + self.regions)
        self.loader.add(
            Region,
            {
                "id": province_id,
                "code": province_code,
                "name": f"合成省{self.seed}",
                "level": "province",
                "parent_id": None,
                "synthetic": True,
            },
        )
        cities = []
        for index, (pk, code) in enumerate(zip(city_ids, city_codes, strict=True)):
            name = f"合成{index + 1}市"
            cities.append((pk, name))
            self.loader.add(
                Region,
                {
                    "id": pk,
                    "code": code,
                    "name": name,
                    "level": "city",
                    "parent_id": province_id,
                    "synthetic": True,
                },
            )
        plans = self.plans(prototypes)
        counters = defaultdict(int)
        batch = 0
        while not self.done():
            plan = next(plans)
            region_index = self.organisation_count % self.regions
            region_id, region_name = cities[region_index]
            number = counters[region_index]
            counters[region_index] += 1
            before = (self.organisation_count, self.fact_rows)
            self.department(prototypes, plan, region_id, region_name, number)
            batch += 1
            if batch % 500 == 0:
                self.loader.flush()
            if self.progress is not None:
                if self.target_facts is not None:
                    self.progress.update(self.fact_rows - before[1])
                else:
                    self.progress.update(self.organisation_count - before[0])
        self.loader.flush()
        # the loader writes raw rows: the pages' kept figures are made once, here
        summarising = time.perf_counter()
        kept.summarise(
            Document.published.filter(
                organisation__region__in=[province_id, *city_ids]
            ).values_list("pk", flat=True)
        )
        self.summarise_seconds = time.perf_counter() - summarising
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
        return {
            "deleted_regions": deleted,
            "organisations": self.organisation_count,
            "documents": self.documents,
            "final_documents": self.final_documents,
            "fact_rows": self.fact_rows,
            "rows": sum(self.loader.written.values()),
            "write_seconds": self.loader.seconds,
            "summarise_seconds": self.summarise_seconds,
            "seconds": time.perf_counter() - started,
        }

    def department(self, prototypes, plan, region_id, region_name, number):
        stem = DEPARTMENT_STEMS[number % len(DEPARTMENT_STEMS)]
        round_ = number // len(DEPARTMENT_STEMS)
        name = f"{region_name}{stem}" + (f"（{round_ + 1}）" if round_ else "")
        code = f"{100 + number}" if plan.family == "shaanxi" and number < 900 else ""
        ids = self.loader.ids(Organisation, 1 + len(plan.unit_series))
        department_id = ids[0]
        self.organisation(department_id, region_id, "department", None, code, name, {})
        last = None
        if plan.department_series:
            last = self.series(prototypes, plan.department_series, department_id, name, plan.factor)
        if plan.department_finals:
            # the 决算 of the years before its budgets' (of year Y, published in Y + 1)
            last = last - 1 if last else None
            self.series(prototypes, plan.department_finals, department_id, name, plan.factor, last)
        for index, unit_series in enumerate(plan.unit_series):
            unit_name = f"{name}{UNIT_STEMS[index % len(UNIT_STEMS)]}"
            unit_code = f"{code}{index + 1:03d}" if code else ""
            proto_org = unit_series[-1].organisation
            self.organisation(
                ids[index + 1], region_id, "unit", department_id, unit_code, unit_name, proto_org
            )
            self.series(prototypes, unit_series, ids[index + 1], unit_name, plan.factor)

    def organisation(self, pk, region_id, kind, parent_id, code, name, proto):
        self.organisation_count += 1
        self.loader.add(
            Organisation,
            {
                **{k: v for k, v in proto.items() if k in ("unit_type", "funding_type")},
                "id": pk,
                "region_id": region_id,
                "kind": kind,
                "parent_id": parent_id,
                "code": code,
                "name": name,
                "synthetic": True,
            },
        )

    def series(self, prototypes, series, organisation_id, name, factor, last=None):
        """``self.years`` documents of ``series``, up to ``last`` (default: its latest
        prototype's year). The last year."""
        last = last or max(prototype.year for prototype in series)
        for year in range(last - self.years + 1, last + 1):
            earlier = [p for p in series if p.year <= year]
            prototype = earlier[-1] if earlier else series[0]
            self.document(prototypes, prototype, organisation_id, name, year, factor)
        return last

    def document(self, prototypes, prototype, organisation_id, name, year, factor):
        loader = self.loader
        shift = year - prototype.year
        codes = self.codes_for(prototypes, prototype.year, year)
        (document_id,) = loader.ids(Document, 1)
        scope_name = "部门" if prototype.scope == "department" else "单位"
        final = prototype.stage == FINAL
        loader.add(
            Document,
            {
                **prototype.document,
                "id": document_id,
                "organisation_id": organisation_id,
                "year": year,
                "template_id": prototypes.templates[prototype.template],
                "title": f"{name}{year}年{scope_name}{'决算' if final else '预算'}（合成数据）",
                "status": Document.Status.PUBLISHED,
                "published_on": date(year + 1, 8, 31) if final else date(year, 2, 1),
                "submitted_on": None,
                "submitted_by_id": None,
                "published_by_id": None,
                "withdrawn_on": None,
                "withdrawn_by_id": None,
                "version": 0,
                "source_name": f"合成数据（种子 {self.seed}）",
                "source_url": "",
                "source_sha256": "",
            },
        )
        self.documents += 1
        self.final_documents += final
        projects = {}
        project_rows = prototype.facts.get(PROJECT_MODEL, [])
        project_ids = dict(
            zip(
                [row["id"] for row in project_rows],
                loader.ids(PROJECT_MODEL, len(project_rows)),
                strict=True,
            )
        )
        for model, rows in prototype.facts.items():
            for row in rows:
                values = self.copy(row, model, factor, shift)
                values["document_id"] = document_id
                for field_name, code_model in CODE_FIELDS.items():
                    key = field_name + "_id"
                    if values.get(key) is not None:
                        values[key] = codes[code_model][values[key]]
                if "table_id" in values:
                    values["table_id"] = prototypes.tables[values["table_id"]]
                if model is PROJECT_MODEL:
                    values["id"] = project_ids[row["id"]]
                    projects[row["id"]] = values["id"]
                    if values["organisation_id"] == "self":
                        values["organisation_id"] = organisation_id
                    loader.add(model, values)
                else:
                    values.pop("id", None)
                    loader.add(model, values)
        target_ids = dict(
            zip(
                [row["id"] for row in prototype.target_sets],
                loader.ids(TargetSet, len(prototype.target_sets)),
                strict=True,
            )
        )
        for row in prototype.target_sets:
            values = self.copy(row, TargetSet, factor, shift)
            values.update(
                id=target_ids[row["id"]],
                document_id=document_id,
                project_id=projects.get(row["project_id"]),
            )
            loader.add(TargetSet, values)
        for model, rows in prototype.target_children.items():
            for row in rows:
                values = self.copy(row, model, factor, shift)
                values.pop("id")
                values["target_set_id"] = target_ids[row["target_set_id"]]
                loader.add(model, values)
        self.fact_rows += prototype.rows
        if prototype.profile is not None and (organisation_id, year) not in self.profiles:
            self.profiles.add((organisation_id, year))
            (profile_id,) = loader.ids(Profile, 1)
            loader.add(
                Profile,
                {
                    **prototype.profile,
                    "id": profile_id,
                    "organisation_id": organisation_id,
                    "year": year,
                },
            )
            for model, rows in prototype.profile_children.items():
                for row in rows:
                    values = dict(row)
                    values.pop("id")
                    values["profile_id"] = profile_id
                    loader.add(model, values)

    @staticmethod
    def copy(row, model, factor, shift):
        """A prototype row with its amounts times ``factor`` and the years in its text
        moved by ``shift``."""
        values = dict(row)
        money, text = field_kinds(model)
        if factor != 1:
            for name in money:
                if values.get(name) is not None:
                    values[name] = values[name] * factor
        if shift:
            for name in text:
                value = values.get(name)
                if isinstance(value, str) and YEAR.search(value):
                    values[name] = YEAR.sub(lambda m: str(int(m.group()) + shift), value)
        return values

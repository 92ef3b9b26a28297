"""Rebuild the fixtures of imported documents from the published files, with the project's
own importer: each fixture's documents are imported by import_disclosure into a fresh
database that holds the templates and the Baoji fixture, then dumped with natural keys.

    DATABASE_URL=sqlite:////tmp/build.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/build.sqlite3 .venv/bin/python manage.py build_fixtures

``--out DIR`` writes the files elsewhere (the fixture-fidelity test compares such a
rebuild with the committed files). ``templates.json`` is written from the templates the
families declare. Which documents a fixture holds, and which are
imported with --force and why, each template family declares
(``budgets/families/*/__init__.py``). Facts have no natural keys, so each fixture
numbers its facts' primary keys from its own first_pk, clear of the others' when all are
loaded.
"""

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from budgets.classifications.models import DepartmentEconomicCode, FunctionCode
from budgets.disclosures.models import Document, DocumentFact
from budgets.importers import registry
from budgets.importers.layout import template_rows
from budgets.organisations.models import Organisation, Profile, Region
from budgets.performance.models import Goal, Indicator, TargetSet


@dataclass(frozen=True)
class Fixture:
    name: str
    #: Regions whose code starts with this hold the fixture's organisations.
    region_prefix: str
    first_pk: int

    @property
    def documents(self):
        """The real documents each family declares for this fixture, in family order."""
        return [
            document
            for family in registry.families()
            for document in family.documents
            if document.fixture == self.name
        ]


FIXTURES = [
    Fixture(name="shanghai_putuo.json", region_prefix="31", first_pk=100001),
    Fixture(name="jiangsu_provincial.json", region_prefix="32", first_pk=200001),
]


def fact_models():
    """Every kind of fact a document holds (each DocumentFact model), in declaration order."""
    return [
        relation.related_model
        for relation in Document._meta.related_objects
        if issubclass(relation.related_model, DocumentFact)
    ]


class Command(BaseCommand):
    help = "在空数据库中导入公开文件，重建 fixtures/ 中的导入文件数据。"

    def add_arguments(self, parser):
        parser.add_argument("--out", help="写入的文件夹（默认 fixtures/）")

    def handle(self, *args, **options):
        if Document.objects.exists():
            raise CommandError("数据库中已有预算公开文件：请在新建的空数据库中运行。")
        out = Path(options["out"] or Path(settings.BASE_DIR) / "fixtures")
        write_json(out / "templates.json", template_objects())
        call_command("loaddata", "templates", "baoji_2023", verbosity=0)
        for fixture in FIXTURES:
            for document in fixture.documents:
                paths = [str(Path(settings.DISCLOSURES_DIR) / name) for name in document.files]
                force = ["--force"] if document.forced else []
                call_command("import_disclosure", *paths, "--publish", *force, stdout=self.stdout)
            target = out / fixture.name
            write_json(target, renumbered(objects(fixture.region_prefix), fixture.first_pk))
            self.stdout.write(self.style.SUCCESS(f"已写入 {target}"))
        copy_originals(out / "originals")


def copy_originals(folder):
    """The files every fixture document was read from, beside the fixtures, so that the
    site offers them (``load_initial_data``)."""
    folder.mkdir(parents=True, exist_ok=True)
    for document in Document.objects.exclude(source_name=""):
        for name in document.source_name.split("、"):
            shutil.copyfile(Path(settings.DISCLOSURES_DIR) / name, folder / name)


def write_json(path, data):
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1) + "\n", "utf-8")


def template_objects():
    """The templates every family declares (``budgets/families/*/layout.py``), as stored."""
    return [
        row
        for family in registry.families()
        for layout in family.layouts
        for row in template_rows(layout)
    ]


def objects(region_prefix):
    """The objects of one region's documents, each after what its natural keys refer to."""
    regions = Region.objects.filter(code__startswith=region_prefix).order_by("code")
    organisations = Organisation.objects.filter(region__in=regions).order_by("kind", "name")
    organisations = sorted(organisations, key=lambda org: org.kind != "department")
    documents = Document.objects.filter(organisation__in=organisations).order_by(
        "organisation__name", "year", "stage", "scope"
    )
    years = sorted(set(documents.values_list("year", flat=True)))
    codes = []
    for model in (FunctionCode, DepartmentEconomicCode):
        found = model.objects.filter(year__in=years)
        codes += sorted(found, key=lambda code: (code.year, len(code.code), code.code))
    # A department and its own unit may share a name: kind keeps the order the same on
    # every database.
    profiles = Profile.objects.filter(organisation__in=organisations).order_by(
        "organisation__name", "organisation__kind", "year"
    )
    groups = [regions, organisations, codes, documents]
    groups += [
        model.objects.filter(document__in=documents).order_by(
            "document__organisation__name", "document__year", "document__scope", "pk"
        )
        for model in fact_models()
    ]
    target_sets = TargetSet.objects.filter(document__in=documents).order_by(
        "document__organisation__name", "document__year", "document__scope", "pk"
    )
    groups += [
        target_sets,
        *(
            model.objects.filter(target_set__in=target_sets).order_by("target_set", "pk")
            for model in (Goal, Indicator)
        ),
    ]
    groups += [profiles]
    groups += [
        apps.get_model(label)
        .objects.filter(profile__in=profiles)
        .order_by("profile__organisation__name", "profile__year", "pk")
        for label in ("organisations.ProfileItem", "organisations.VehicleCount")
    ]
    data = []
    for group in groups:
        data += json.loads(
            serializers.serialize(
                "json", list(group), use_natural_foreign_keys=True, use_natural_primary_keys=True
            )
        )
    return data


def renumbered(data, first_pk):
    """Objects without natural keys get primary keys from ``first_pk``, references updated."""
    new_pks = {}
    counters = {}
    for item in data:
        if "pk" in item:
            counters[item["model"]] = counters.get(item["model"], first_pk - 1) + 1
            new_pks[(item["model"], item["pk"])] = counters[item["model"]]
            item["pk"] = counters[item["model"]]
    for item in data:
        for field, target in REFERENCES.get(item["model"], {}).items():
            if isinstance(item["fields"].get(field), int):
                item["fields"][field] = new_pks[(target, item["fields"][field])]
    return data


#: Fields that refer by primary key to objects ``renumbered`` numbers anew.
REFERENCES = {
    **{
        f"organisations.{model}": {"profile": "organisations.profile"}
        for model in ("profileitem", "vehiclecount")
    },
    "performance.targetset": {"project": "disclosures.project"},
    "performance.goal": {"target_set": "performance.targetset"},
    "performance.indicator": {"target_set": "performance.targetset"},
}

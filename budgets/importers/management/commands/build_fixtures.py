"""Rebuild fixtures/shanghai_putuo.json: the four 普陀区 documents, imported by
import_disclosure into a fresh database that holds the templates and the Baoji fixture,
then dumped with natural keys (only the Shanghai objects).

    DATABASE_URL=sqlite:////tmp/build.sqlite3 python manage.py migrate
    DATABASE_URL=sqlite:////tmp/build.sqlite3 python manage.py build_shanghai_fixture

Facts have no natural keys, so their primary keys are renumbered from FIRST_PK to stay
clear of the Baoji fixture's when both are loaded.
"""

import json
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from budgets.classifications.models import DepartmentEconomicCode, FunctionCode
from budgets.disclosures.models import Document
from budgets.organisations.models import Organisation, Profile, Region

SOURCES = [
    "上海市普陀区人民政府办公室25年预算.pdf",
    "上海市普陀区人民政府办公室单位25年预算.pdf",
    "上海市普陀区人民政府万里街道办事处24年预算.pdf",
    "上海市普陀区人民政府万里街道办事处25年预算.pdf",
]
FIXTURE = "shanghai_putuo.json"
FIRST_PK = 100001
FACT_MODELS = [
    "disclosures.TableNote",
    "disclosures.RevenueLine",
    "disclosures.FunctionExpenditure",
    "disclosures.BasicExpenditureSplit",
    "disclosures.EconomicExpenditure",
    "disclosures.Project",
    "disclosures.RestrictedSpending",
    "disclosures.Procurement",
    "disclosures.Statement",
    "disclosures.Finding",
    "disclosures.PrintedSubtotal",
]


class Command(BaseCommand):
    help = "在空数据库中导入四份普陀区预算并导出 fixtures/shanghai_putuo.json。"

    def handle(self, *args, **options):
        if Region.objects.filter(code="310000").exists():
            raise CommandError("数据库中已有上海市的数据：请在新建的空数据库中运行。")
        call_command("loaddata", "templates", "baoji_2023", verbosity=0)
        for name in SOURCES:
            path = Path(settings.DISCLOSURES_DIR) / name
            call_command("import_disclosure", str(path), "--publish", stdout=self.stdout)
        target = Path(settings.BASE_DIR) / "fixtures" / FIXTURE
        target.write_text(
            json.dumps(renumbered(self.objects()), ensure_ascii=False, indent=1) + "\n",
            encoding="utf-8",
        )
        self.stdout.write(self.style.SUCCESS(f"已写入 {target}"))

    def objects(self):
        """The Shanghai objects, each after what its natural keys refer to."""
        regions = Region.objects.filter(code__startswith="31").order_by("code")
        organisations = Organisation.objects.filter(region__in=regions).order_by("kind", "name")
        organisations = sorted(organisations, key=lambda org: org.kind != "department")
        documents = Document.objects.filter(organisation__in=organisations).order_by("pk")
        years = sorted(set(documents.values_list("year", flat=True)))
        codes = []
        for model in (FunctionCode, DepartmentEconomicCode):
            found = model.objects.filter(year__in=years)
            codes += sorted(found, key=lambda code: (code.year, len(code.code), code.code))
        profiles = Profile.objects.filter(organisation__in=organisations).order_by("pk")
        groups = [regions, organisations, codes, documents]
        groups += [
            apps.get_model(label).objects.filter(document__in=documents).order_by("pk")
            for label in FACT_MODELS
        ]
        groups += [profiles]
        groups += [
            apps.get_model(label).objects.filter(profile__in=profiles).order_by("pk")
            for label in ("organisations.ProfileItem", "organisations.VehicleCount")
        ]
        data = []
        for group in groups:
            data += json.loads(
                serializers.serialize(
                    "json",
                    list(group),
                    use_natural_foreign_keys=True,
                    use_natural_primary_keys=True,
                )
            )
        return data


def renumbered(data):
    """Objects without natural keys get primary keys from FIRST_PK, references updated."""
    new_pks = {}
    counters = {}
    for item in data:
        if "pk" in item:
            counters[item["model"]] = counters.get(item["model"], FIRST_PK - 1) + 1
            new_pks[(item["model"], item["pk"])] = counters[item["model"]]
            item["pk"] = counters[item["model"]]
    for item in data:
        profile = item["fields"].get("profile")
        if item["model"].startswith("organisations.") and isinstance(profile, int):
            item["fields"]["profile"] = new_pks[("organisations.profile", profile)]
    return data

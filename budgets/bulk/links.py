"""The bulk URLs as the API's documentation lists them (``api.views.docs``)."""

import re

from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _

from budgets.disclosures.models import Document

from . import urls


def contents():
    return {
        "csv": _(
            "每种表式一个 CSV（长表：每个金额一行），另有 documents.csv、findings.csv 与 "
            "README.txt；UTF-8（带 BOM），金额为元、两位小数的精确数字"
        ),
        "xlsx": _(
            "每种表式一个工作表，另有 documents、findings 与 README；金额为数值，即精确到分的元"
        ),
        "parquet": _(
            "facts.parquet（全部表式）、documents.parquet、findings.parquet 与 "
            "README.txt；金额为 decimal128(20, 2)，不是浮点数"
        ),
    }


def pattern(route):
    """``region/<str:code>/<int:year>/data.xlsx`` → ``/region/{code}/{year}/data.xlsx``."""
    return "/" + re.sub(r"<\w+:(\w+)>", r"{\1}", route)


def example():
    """(region code, year) with the most published documents, or None."""
    busiest = (
        Document.published.values("organisation__region__code", "year")
        .annotate(count=Count("pk"))
        .order_by("-count", "organisation__region__code", "-year")
        .first()
    )
    return busiest and (busiest["organisation__region__code"], busiest["year"])


def downloads():
    """[{format, path, contents, example}]: each bulk download, its URL pattern and an
    example URL of a region-year the site holds."""
    described = contents()
    found = example()
    return [
        {
            "format": entry.name.upper() if entry.name != "parquet" else "Parquet",
            "path": pattern(str(entry.pattern)),
            "contents": described[entry.name],
            "example": reverse(f"bulk:{entry.name}", args=found) if found else "",
        }
        for entry in urls.urlpatterns
    ]

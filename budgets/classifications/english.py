"""English names of classification codes, where the Ministry of Finance publishes them.

``data/names_en.csv`` lists them by scheme and code (the 类 names, the same every year);
a code of any year takes its English name from there when it is saved (loaded from a
fixture, imported, loaded by ``load_catalogue`` or entered in the admin). A code with no
official English name keeps its Chinese name alone: the pages show it marked as the
original rather than guess a translation.
"""

import csv
from functools import cache
from pathlib import Path

NAMES_FILE = Path(__file__).resolve().parent / "data" / "names_en.csv"


@cache
def official_names():
    """{(scheme key, code): English name}."""
    with NAMES_FILE.open(encoding="utf-8", newline="") as handle:
        return {(row["scheme"], row["code"]): row["name_en"] for row in csv.DictReader(handle)}


def official_name(scheme, code):
    return official_names().get((scheme, code), "")

"""Issue 21: the README's figures come from what the code and fixtures hold (it once said
nineteen documents while the site held 21)."""

import json
import re
from pathlib import Path

from budgets.importers import registry

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text(encoding="utf-8")
NUMBERS = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "twenty": 20,
    "twenty-one": 21,
}


def fixture_documents():
    """(stage, region code) of every document the committed fixtures hold."""
    found = []
    for path in (ROOT / "fixtures").glob("*.json"):
        for row in json.loads(path.read_text(encoding="utf-8")):
            if row["model"] == "disclosures.document":
                key = row["fields"]["organisation"]
                found.append((row["fields"].get("stage", "budget"), key[0]))
    return found


def said(pattern):
    match = re.search(pattern, README)
    assert match, pattern
    word = match.group(1)
    return int(word) if word.isdigit() else NUMBERS[word]


def test_the_readme_counts_the_documents_the_fixtures_hold():
    documents = fixture_documents()
    assert said(r"fixtures hold ([a-z-]+) real documents") == len(documents)
    putuo = [stage for stage, region in documents if region == "310107"]
    assert said(r"([a-z]+) budgets of 上海市普陀区") == putuo.count("budget")
    assert said(r"and ([a-z]+) of its\s+部门决算") == putuo.count("final_accounts")
    jiangsu = [stage for stage, region in documents if region == "320000"]
    assert said(r"and ([a-z]+) 江苏省 provincial department budgets") == len(jiangsu)


def test_the_readme_counts_the_real_pdfs_the_readers_read():
    sources = [source for family in registry.families() for source in family.documents]
    assert said(r"each of the (\d+) readable") == len(sources)
    assert said(r"on the (\d+) real PDFs") == len(sources)

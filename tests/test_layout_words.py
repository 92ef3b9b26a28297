"""Amounts in words a reader can quote: 万元 phrased in English, stated amounts shown as the
narrative states them, and the admin's facts editor in one unit (issue 21).

Figures are typed by hand from the fixtures' documents: 江苏省人民检察院 2018 (万元) and
上海市普陀区人民政府办公室 2025 (元, whose narrative states 9,101.68万元).
"""

import re
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from budgets.disclosures.models import Document
from budgets.web.units import amount_words, printed_words


def text_of(response):
    assert response.status_code == 200
    html = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


@pytest.fixture
def fixtures(db):
    call_command("loaddata", "templates", "jiangsu_provincial", "shanghai_putuo", verbosity=0)


def document(name, year):
    return Document.objects.get(
        organisation__name=name, year=year, stage="budget", scope="department"
    )


def page_of(client, found, language="zh-hans"):
    client.cookies["django_language"] = language
    url = reverse("browse:document", args=[found.organisation_id, found.year])
    return text_of(client.get(url))


@pytest.mark.parametrize(
    ("number", "unit", "words"),
    [
        ("3959.28", "万元", "39.5928 million yuan"),
        ("9101.68", "万元", "91.0168 million yuan"),
        ("100.00", "万元", "1.0000 million yuan"),
        ("0.30", "万元", "3,000 yuan"),
        ("0.018", "万元", "180 yuan"),
        ("40", "万元", "400,000 yuan"),
        ("1.5", "亿元", "150 million yuan"),
        ("91016775.35", "元", "91,016,775.35 yuan"),
    ],
)
def test_english_words_keep_every_printed_digit(number, unit, words):
    with translation.override("en"):
        assert printed_words(Decimal(number), unit) == words
    with translation.override("zh-hans"):
        assert printed_words(Decimal(number), unit) == f"{Decimal(number):,f} {unit}"


def test_amount_words_from_yuan_is_exact():
    with translation.override("en"):
        assert amount_words(Decimal("39592800.00"), "万元") == "39.5928 million yuan"
        assert amount_words(Decimal("123456789012345.67"), "元") == "123,456,789,012,345.67 yuan"
        assert amount_words(None, "万元") == ""


def test_computed_change_reads_in_million_yuan_in_english(client, fixtures):
    procuratorate = document("江苏省人民检察院", 2018)
    english = page_of(client, procuratorate, "en")
    assert "an increase of 39.5928 million yuan" in english
    assert not re.search(r"\d 10,000 yuan", english)
    chinese = page_of(client, procuratorate)
    assert "计算为增加 3,959.28 万元" in chinese


def test_stated_amounts_keep_the_unit_and_precision_they_were_stated_in(client, fixtures):
    office = document("上海市普陀区人民政府办公室", 2025)
    chinese = page_of(client, office)
    # 财政拨款收入 9,101.68万元, 较2024年预算减少 2,389.52万元: not 91,016,800.00 元.
    assert "财政拨款收入 9,101.68 万元 2024年预算减少 2,389.52 万元 项目调整" in chinese
    assert "91,016,800.00" not in chinese and "23,895,200.00" not in chinese
    # The 元 figure of the tables is still what the statement is checked against.
    assert "说明写作 9,101.68万元，报表为 91,016,775.35 元" in chinese
    english = page_of(client, office, "en")
    assert "91.0168 million yuan Decrease vs the 2024 budget 23.8952 million yuan" in english
    # The 核对 sentence quotes the narrative in words too: never “9,101.68 10,000 yuan”.
    assert "91.0168 million yuan" in english.partition("Decrease vs the 2024 budget")[2]
    assert not re.search(r"\d 10,000 yuan", english)


@pytest.fixture
def draft_in_wan(fixtures, admin_client):
    """A 万元 document the editor may change (the fixture's is published, hence locked)."""
    found = document("中共江苏省委办公厅", 2019)
    Document.objects.filter(pk=found.pk).update(status=Document.Status.DRAFT)
    return found


def test_facts_editor_shows_amounts_only_in_the_documents_unit(admin_client, draft_in_wan):
    url = reverse("admin:disclosures_document_change", args=[draft_in_wan.pk])
    html = admin_client.get(url + "?facts=functionexpenditure").content.decode()
    # 2013101 行政运行: 9,370.12 万元 typed and shown as 9370.12, never as 93701200.00 元.
    assert 'value="9370.12"' in html
    assert "93701200.00" not in html


def test_a_ranking_total_in_english_names_its_unit_in_words(client, fixtures):
    client.cookies["django_language"] = "en"
    text = text_of(client.get(reverse("browse:ranking", args=["function", 2018, "201"])))
    assert "million yuan" in text
    assert not re.search(r"\d 10,000 yuan", text)

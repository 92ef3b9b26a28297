"""Comparisons: an organisation across years, a department with its units, a code ranked."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def text_of(response):
    """The page's text as a person at a desktop reads it (a name repeated under its code for
    phones, hidden at this width, left out)."""
    html = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    html = re.sub(r'<span class="row-name">.*?</span>', " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_across_years_shows_amount_and_percent_change_per_code(client, putuo):
    response = client.get(reverse("browse:compare_years", args=[putuo.department.pk]))
    text = text_of(response)
    # 201: 1,500,000.00 (2024) → 1,500,000.00 (2025); 208: 200,000.00 → 250,000.00 (+25%).
    assert "201 一般公共服务支出 1,500,000.00 1,500,000.00 0.00 0.00%" in text
    assert "208 社会保障和就业支出 200,000.00 250,000.00 50,000.00 25.00%" in text
    by_item = text_of(
        client.get(reverse("browse:compare_years", args=[putuo.department.pk]), {"level": "7"})
    )
    assert "2010301 行政运行 1,000,000.00 1,200,000.00 200,000.00 20.00%" in by_item


def test_department_with_its_units_side_by_side(client, putuo):
    response = client.get(
        reverse("browse:compare_units", kwargs={"organisation": putuo.department.pk, "year": 2025})
    )
    text = text_of(response)
    assert "测试街道办事处（部门）" in text and "测试街道社区服务中心（单位）" in text
    assert "201 一般公共服务支出 1,500,000.00 700,000.00" in text
    assert "208 社会保障和就业支出 250,000.00" in text
    unit_page = client.get(
        reverse("browse:compare_units", kwargs={"organisation": putuo.unit.pk, "year": 2025})
    )
    assert unit_page.status_code == 404


def test_one_code_ranked_across_organisations(client, baoji_document, putuo):
    """One scope at a time: a department's budget holds its units', so the department and
    its own unit are never ranked together; each alone in its ranking holds 100%."""
    url = reverse("browse:ranking", kwargs={"scheme": "function", "year": 2025, "code": "201"})
    departments = text_of(client.get(url))
    assert "201 一般公共服务支出：部门预算排名" in departments
    assert "1 测试街道办事处 1,500,000.00 100.00%" in departments
    assert "测试街道社区服务中心 700,000.00" not in departments
    assert "宝鸡" not in departments  # another year
    units = text_of(client.get(url, {"scope": "unit"}))
    assert "201 一般公共服务支出：单位预算排名" in units
    assert "1 测试街道社区服务中心 700,000.00 100.00%" in units
    assert "测试街道办事处 1,500,000.00" not in units
    baoji = text_of(
        client.get(
            reverse(
                "browse:ranking", kwargs={"scheme": "function", "year": 2023, "code": "2010350"}
            ),
            {"scope": "unit"},
        )
    )
    assert "1 宝鸡市人民政府口岸办公室 108.54 100.00%" in baoji
    missing = reverse("browse:ranking", kwargs={"scheme": "function", "year": 2025, "code": "229"})
    assert client.get(missing).status_code == 404

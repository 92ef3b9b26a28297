"""Which department, year and part a 江苏 file is, from whatever it prints: a cover or the
title over its table of contents (the year before or after the name, with or without
年度, 公开, 部门预算, 预算公开表), the first table's 部门/编制单位 line, the narrative's
first sentence. Files built by hand (no PDF needed)."""

import pytest

from budgets.importers import registry
from budgets.importers.pdf import Page, PdfContent
from budgets.importers.registry import Identity

COURT = "江苏省高级人民法院"
CONTENTS = [
    "目 录",
    "第一部分 部门概况",
    "一、主要职能",
    "第二部分 2017年度部门预算表",
    "第三部分 2017年度部门预算情况说明",
]
OVERVIEW = ["第一部分 部门概况", "一、主要职能", "省法院是全省最高审判机关。"]


def content(*pages):
    return PdfContent(
        pages=[Page(number=number, lines=list(lines)) for number, lines in enumerate(pages, 1)],
        sha256="0" * 64,
    )


def identified(*pages):
    """The identity the registry gives a file of these pages (the refusal a user sees
    otherwise: “无法识别该文件的公开模板”)."""
    _reader, identity = registry.identify(content(*pages))
    return identity


def court(year, part="narrative"):
    template = "jiangsu-provincial-2017" if year == 2017 else "jiangsu-provincial-2018"
    return Identity(template, COURT, year, "budget", "department", part)


@pytest.mark.parametrize(
    ("cover", "year"),
    [
        (["2017 年度江苏省高级人民法院部门预算公开"], 2017),
        (["2017年江苏省高级人民法院预算公开"], 2017),
        (["2018年度江苏省高级人民法院"], 2018),
        (["2019年江苏省高级人民法院预算公开表"], 2019),
        (["江苏省高级人民法院2018年度部门预算公开"], 2018),
        (["江苏省高级人民法院", "2019年度"], 2019),
        (["江苏省高级人民法院", "2019年预算公开表"], 2019),
        (["江苏省高级人民法院", "年度部门预算", "2017"], 2017),
    ],
)
def test_a_cover_names_the_department_and_year_in_either_order(cover, year):
    assert identified([*cover, *CONTENTS], OVERVIEW) == court(year)


def test_the_title_over_a_table_of_contents_after_a_cover_printed_as_an_image():
    assert identified([], ["2018年度江苏省高级人民法院部门预算", *CONTENTS]) == court(2018)


def test_a_narrative_opening_on_its_contents_is_known_by_its_first_sentence():
    first_sentence = [
        "第三部分 2017年度部门预算情况说明",
        "一、收支预算总体情况说明",
        "江苏省高级人民法院 2017 年度收入、支出预算总计 12,345.67 万",
        "元，与上年相比收、支预算总计各增加 100.00 万元。",
    ]
    assert identified(CONTENTS, OVERVIEW, first_sentence) == court(2017)


def test_a_whole_document_opening_on_its_contents_is_known_by_its_first_tables_line():
    table_page = Page(
        number=3,
        lines=["收支预算总表", "编制单位：江苏省高级人民法院 单位：万元", "收入 支出"],
        tables=[[["收支预算总表"], ["编制单位：江苏省高级人民法院", "单位：万元"]]],
    )
    whole = PdfContent(
        pages=[Page(1, list(CONTENTS)), Page(2, list(OVERVIEW)), table_page], sha256="0" * 64
    )
    _reader, identity = registry.identify(whole)
    assert identity == court(2017, "whole")


def test_the_provinces_cover_of_a_tables_file_is_no_department():
    """委办 2018's tables open on “江苏省2018年度 / 省级部门预算公开报表 / 部门：…”."""
    cover = [
        "江苏省2018年度",
        "省级部门预算公开报表",
        "部 门:江苏省高级人民法院",
        "江苏省财政厅印制",
    ]
    tables = Page(
        number=2,
        lines=["收支预算总表", "部门：江苏省高级人民法院 单位：万元"],
        tables=[[["收支预算总表"], ["部门：江苏省高级人民法院", "单位：万元"]]],
    )
    tables_file = PdfContent(pages=[Page(1, cover), tables], sha256="0" * 64)
    _reader, identity = registry.identify(tables_file)
    assert identity == court(2018, "tables")


def test_a_file_of_another_province_is_not_jiangsus():
    from budgets.families.jiangsu.identify import identify

    assert identify(content(["浙江省高级人民法院2018年度部门预算", *CONTENTS], OVERVIEW)) is None
    assert identify(content(["江苏省2018年度省级部门预算", *CONTENTS], OVERVIEW)) is None

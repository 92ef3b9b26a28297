"""The Shanghai cover on synthetic pages: which template, level, region, year, scope and
organisation a file is, with or without 区级, for the 市级 level, the title over two lines;
covers that contradict themselves, and other templates' covers, are not this family's."""

import pytest

from budgets.families.shanghai_budget.identity import identify, regions_of
from budgets.importers import registry
from budgets.importers.narrative import read_cover
from budgets.importers.pdf import ImportRefusedError, Page, PdfContent
from budgets.importers.places import SHANGHAI_DISTRICTS


def content(*lines):
    return PdfContent(pages=[Page(1, list(lines))], sha256="0" * 64)


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ["上海市普陀区2025年区级部门预算", "预算主管部门：上海市普陀区财政局"],
            ("上海市普陀区财政局", 2025, "department", "普陀区"),
        ),
        (
            ["上海市普陀区2026年区级单位预算", "预算单位：上海市普陀区司法局"],
            ("上海市普陀区司法局", 2026, "unit", "普陀区"),
        ),
        # No 区级: the district is read from the title's place name.
        (
            ["上海市普陀区社会福利院2024年单位预算", "预算单位：上海市普陀区社会福利院"],
            ("上海市普陀区社会福利院", 2024, "unit", "普陀区"),
        ),
        # The title split over two lines, with spaces.
        (
            ["上海市浦东新区", "2023 年区级部门预算", "预算主管部门：上海市浦东新区民政局"],
            ("上海市浦东新区民政局", 2023, "department", "浦东新区"),
        ),
        # Municipal documents: the organisation sits in 上海市 itself.
        (
            ["上海市2025年市级单位预算", "预算单位：上海市大数据中心"],
            ("上海市大数据中心", 2025, "unit", ""),
        ),
        (
            ["上海市2024年市级部门预算", "预算主管部门：上海市财政局"],
            ("上海市财政局", 2024, "department", ""),
        ),
    ],
)
def test_cover(lines, expected):
    owner, year, scope, district = expected
    identity = identify(content(*lines))
    assert identity == registry.Identity(
        template="shanghai-district",
        organisation=owner,
        year=year,
        stage="budget",
        scope=scope,
    )
    cover = read_cover(content(*lines).pages, SHANGHAI_DISTRICTS)
    assert cover.district == district
    regions = regions_of(cover)
    assert regions[0] == registry.Region("310000", "上海市", "province")
    if district:
        assert regions[1:] == [registry.Region(SHANGHAI_DISTRICTS[district], district, "district")]
        assert cover.level == "district"
    else:
        assert regions[1:] == []
        assert cover.level == "municipal"


@pytest.mark.parametrize(
    ("lines", "message"),
    [
        (
            ["上海市某某区2025年区级部门预算", "预算主管部门：上海市某某区财政局"],
            "找不到认识的区名",
        ),
        (
            ["上海市普陀区2025年市级部门预算", "预算主管部门：上海市普陀区财政局"],
            "既写“市级”又写区名",
        ),
        (
            ["上海市普陀区2025年区级单位预算", "预算主管部门：上海市普陀区财政局"],
            "却列出“预算主管部门”",
        ),
        (["上海市普陀区2025年区级部门预算"], "找不到"),
    ],
)
def test_cover_that_contradicts_itself_is_refused(lines, message):
    with pytest.raises(ImportRefusedError, match=message):
        read_cover(content(*lines).pages, SHANGHAI_DISTRICTS)
    assert identify(content(*lines)) is None


@pytest.mark.parametrize(
    "lines",
    [
        ["宝鸡市人民政府口岸办公室2023年单位综合预算", "预算单位：宝鸡市人民政府口岸办公室"],
        ["上海市普陀区财政局2024年度部门决算"],
        ["北京市2025年市级部门预算", "预算主管部门：北京市财政局"],
        [],
    ],
)
def test_other_files_are_not_shanghai_budgets(lines):
    assert identify(content(*lines)) is None

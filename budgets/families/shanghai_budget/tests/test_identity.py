"""What a Shanghai budget is, on synthetic pages: which template, level, region, year, scope
and organisation a file is, with or without 区级, for the 市级 level, the title over two lines;
without a cover, from the title over the 目录, a table's 编制部门/编制单位 line, the
narrative's first sentence and headings, the year before or after the name, with or without
年度, 公开, 区级/市级, 部门预算/单位预算; covers that contradict themselves, and other
templates' files, are not this family's."""

import pytest

from budgets.families.shanghai_budget.identity import identify, read_identity, regions_of
from budgets.importers import registry
from budgets.importers.pdf import ImportRefusedError, Page, PdfContent
from budgets.importers.places import SHANGHAI_DISTRICTS


def content(*lines):
    return PdfContent(pages=[Page(1, list(lines))], sha256="0" * 64)


def document(*pages):
    """A file of several pages, each a list of lines."""
    return PdfContent(
        pages=[Page(number, list(lines)) for number, lines in enumerate(pages, 1)],
        sha256="0" * 64,
    )


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
    cover = read_identity(content(*lines).pages, SHANGHAI_DISTRICTS)
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
        read_identity(content(*lines).pages, SHANGHAI_DISTRICTS)
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


JUSTICE = "上海市普陀区司法局"
CONTENTS = [
    "目 录",
    "一、部门主要职能",
    "二、部门机构设置",
    "四、部门预算编制说明",
    "五、部门预算表",
]
DUTIES = [f"{JUSTICE}主要职能", f"{JUSTICE}是主管本区司法和法制工作的区政府工作部门。"]
#: A table's title and its 编制部门 line, as every table of a department's document prints.
TABLE = ["2026年部门财务收支预算总表", f"编制部门：{JUSTICE} 单位：元", "本年收入 本年支出"]
UNIT_TABLE = ["2026年预算单位收入预算总表", f"编制单位：{JUSTICE}  单位：元"]
EXPLANATION = [
    "2026年部门预算编制说明",
    f"2026年，{JUSTICE}收入预算9628.22万元，其中：财政拨款收入9628.22万元。",
]


#: (scope, district, organisation) of a district's department or unit.
DEPARTMENT = ("department", "普陀区", JUSTICE)
UNIT = ("unit", "普陀区", JUSTICE)


@pytest.mark.parametrize(
    ("pages", "expected"),
    [
        # The title over the 目录, no cover: the organisation from a table's line.
        ([["上海市普陀区2026年区级部门预算", *CONTENTS], DUTIES, TABLE], DEPARTMENT),
        # The year before the name, 公开 after it, no 区级.
        ([["2026年上海市普陀区司法局部门预算公开", *CONTENTS], DUTIES, TABLE], DEPARTMENT),
        # The name first, 年度 and 公开, the owner's line on the cover.
        ([["上海市普陀区司法局2026年度部门预算公开", f"预算主管部门：{JUSTICE}"]], DEPARTMENT),
        # No 部门预算/单位预算 in the title: the scope from the owner's line.
        ([["上海市普陀区司法局2026年预算", f"预算单位：{JUSTICE}"]], UNIT),
        ([["上海市普陀区司法局2026年度预算公开", *CONTENTS], UNIT_TABLE], UNIT),
        # The year printed apart from the words, after them.
        ([["上海市普陀区司法局", "年度部门预算", "2026", *CONTENTS], DUTIES, TABLE], DEPARTMENT),
        # No title at all: the tables' 编制部门 line and the headings.
        ([DUTIES, EXPLANATION, TABLE], DEPARTMENT),
        # No title and no table line: the 预算编制说明's first sentence.
        ([CONTENTS, DUTIES, EXPLANATION], DEPARTMENT),
        # A 市级 title over the 目录.
        (
            [
                ["上海市2026年市级部门预算", *CONTENTS],
                ["2026年部门财务收支预算总表", "编制部门：上海市财政局"],
            ],
            ("department", "", "上海市财政局"),
        ),
    ],
)
def test_identity_from_whatever_the_document_prints(pages, expected):
    scope, district, owner = expected
    assert identify(document(*pages)) == registry.Identity(
        template="shanghai-district", organisation=owner, year=2026, stage="budget", scope=scope
    )
    assert read_identity(document(*pages).pages).district == district


@pytest.mark.parametrize(
    "pages",
    [
        # A 决算's pages: a Shanghai organisation, but no budget's title or headings.
        [
            ["上海市普陀区财政局", "年度部门决算", "2024", "目 录"],
            ["编制单位：上海市普陀区财政局 单位：万元"],
        ],
        # A budget's headings, another province's organisation.
        [DUTIES, ["2026年部门预算编制说明", "编制部门：江苏省财政厅 单位：万元"]],
        # A Shanghai budget's headings that name no year anywhere.
        [["部门预算编制说明"], [f"编制部门：{JUSTICE} 单位：元"]],
    ],
)
def test_files_that_do_not_say_they_are_a_shanghai_budget_are_not(pages):
    assert identify(document(*pages)) is None

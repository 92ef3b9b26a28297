"""Which document a file is, from whatever it prints that names it: the cover, the title of
its tables' part (in the table of contents and above the first table), the title of its
情况说明, or the 情况说明's first sentence."""

from budgets.families.shanghai_budget import reader as shanghai_budget
from budgets.families.shanghai_final.identify import COVER_RE, identify, year_of
from budgets.families.shanghai_final.reader import READER
from budgets.importers import registry

from .documents import FINANCE, SOCIAL, drop_lines, read

OWNERS = {SOCIAL: "中共上海市普陀区委社会工作部", FINANCE: "上海市普陀区财政局"}


def test_covers_identify_the_final_accounts_reader_only(disclosure):
    for name, owner in OWNERS.items():
        content = read(disclosure, name)
        assert shanghai_budget.identify(content) is None
        reader, identity = registry.identify(content)
        assert reader is READER
        assert (identity.organisation, identity.year, identity.stage, identity.scope) == (
            owner,
            2024,
            "final_accounts",
            "department",
        )


def test_without_a_cover_the_part_titles_name_the_document(disclosure):
    for name, owner in OWNERS.items():
        content = read(disclosure, name)
        del content.pages[0]
        identity = identify(content)
        assert (identity.organisation, identity.year) == (owner, 2024)


def test_without_cover_or_part_titles_the_first_sentence_names_the_document(disclosure):
    """The 财政局 prints its year in a font of its own: “上海市普陀区财政局 年度收入支出总计
    万元” over “2024 2995.39 2023”."""
    for name, owner in OWNERS.items():
        content = read(disclosure, name)
        del content.pages[0]
        drop_lines(content, ("第二部分", "第三部分"))
        identity = identify(content)
        assert (identity.organisation, identity.year, identity.scope) == (
            owner,
            2024,
            "department",
        )
        drop_lines(content, (owner,))
        assert identify(content) is None


def test_the_year_stands_before_or_after_the_name():
    for cover, year, scope in (
        ("上海市普陀区财政局年度部门决算2024", 2024, "部门"),
        ("上海市普陀区财政局2024年度部门决算", 2024, "部门"),
        ("2024年度上海市普陀区财政局部门决算", 2024, "部门"),
        ("上海市普陀区财政局2024年单位决算公开", 2024, "单位"),
    ):
        match = COVER_RE.match(cover)
        assert (match.group("owner"), year_of(match), match.group("scope")) == (
            "上海市普陀区财政局",
            year,
            scope,
        )
    assert year_of(COVER_RE.match("上海市普陀区财政局部门决算")) is None

"""陕西 单位综合预算: the fifteen official tables built from a document's facts.

Row labels such as “一、部门预算” or “24、其他支出” are part of the template's layout (陕西
prints fixed rows even when they are empty), so they live in the builders."""

from budgets.disclosures import arithmetic
from budgets.disclosures.models import FISCAL_SOURCES, ExpenseType
from budgets.disclosures.models import FundingSource as S
from budgets.disclosures.tables.common import (
    Code,
    Column,
    HeaderCell,
    Row,
    chinese_number,
    dept_code,
    function_code,
    gov_code,
    new_table,
)

SHAANXI_FUNCTION_CLASSES = [
    ("201", "一般公共服务支出"),
    ("202", "外交支出"),
    ("203", "国防支出"),
    ("204", "公共安全支出"),
    ("205", "教育支出"),
    ("206", "科学技术支出"),
    ("207", "文化旅游体育与传媒支出"),
    ("208", "社会保障和就业支出"),
    ("209", "社会保险基金支出"),
    ("210", "卫生健康支出"),
    ("211", "节能环保支出"),
    ("212", "城乡社区支出"),
    ("213", "农林水支出"),
    ("214", "交通运输支出"),
    ("215", "资源勘探工业信息等支出"),
    ("216", "商业服务业等支出"),
    ("217", "金融支出"),
    ("219", "援助其他地区支出"),
    ("220", "自然资源海洋气象等支出"),
    ("221", "住房保障支出"),
    ("222", "粮油物资储备支出"),
    ("223", "国有资本经营预算支出"),
    ("224", "灾害防治及应急管理支出"),
    ("229", "其他支出"),
]

SHAANXI_BASIC_ECONOMIC = [
    ("301", "工资福利支出"),
    ("302", "商品和服务支出"),
    ("303", "对个人和家庭的补助"),
    ("310", "资本性支出"),
]

SHAANXI_PROJECT_ECONOMIC = [
    ("301", "工资福利支出"),
    ("302", "商品和服务支出"),
    ("303", "对个人和家庭补助"),
    ("307", "债务利息及费用支出"),
    ("309", "资本性支出(基本建设)"),
    ("310", "资本性支出"),
    ("311", "对企业补助(基本建设)"),
    ("312", "对企业补助"),
    ("313", "对社会保障基金补助"),
    ("399", "其他支出"),
]

SHAANXI_GOVERNMENT_ECONOMIC = [
    ("501", "机关工资福利支出"),
    ("502", "机关商品和服务支出"),
    ("503", "机关资本性支出（一）"),
    ("504", "机关资本性支出（二）"),
    ("505", "对事业单位经常性补助"),
    ("506", "对事业单位资本性补助"),
    ("507", "对企业补助"),
    ("508", "对企业资本性支出"),
    ("509", "对个人和家庭的补助"),
    ("510", "对社会保障基金补助"),
    ("599", "其他支出"),
]


def sum_by_prefix(lines, code_of, prefix):
    return arithmetic.split_by_prefix(lines, code_of, prefix).total


def side_by_side(columns_of_rows, footer):
    """Lay four (label, amount) lists side by side as 陕西's 收支总表 prints them.

    ``columns_of_rows`` is a list of lists of (label, amount); shorter lists are padded
    with empty cells. ``footer`` rows are lists of (label, amount) pairs, one per column.
    """
    height = max(len(column) for column in columns_of_rows)
    rows = []
    for index in range(height):
        cells = []
        for column in columns_of_rows:
            label, amount = column[index] if index < len(column) else ("", None)
            cells += [label, amount]
        rows.append(Row(cells, kind="total" if index == 0 else "item"))
    for pairs in footer:
        cells = []
        for label, amount in pairs:
            cells += [label, amount]
        rows.append(Row(cells, kind="total"))
    return rows


SUMMARY_COLUMNS = [
    Column("收入项目"),
    Column("收入预算数", "amount"),
    Column("支出功能分类科目（按大类）"),
    Column("功能分类预算数", "amount"),
    Column("部门预算支出经济分类科目（按大类）"),
    Column("部门经济分类预算数", "amount"),
    Column("政府预算支出经济分类科目（按大类）"),
    Column("政府经济分类预算数", "amount"),
]

SUMMARY_HEADER = [
    [HeaderCell("收入", colspan=2), HeaderCell("支出", colspan=6)],
    [
        HeaderCell("项目"),
        HeaderCell("预算数"),
        HeaderCell("支出功能分类科目（按大类）"),
        HeaderCell("预算数"),
        HeaderCell("部门预算支出经济分类科目（按大类）"),
        HeaderCell("预算数"),
        HeaderCell("政府预算支出经济分类科目（按大类）"),
        HeaderCell("预算数"),
    ],
]


def expenditure_sides(function_lines, economic_lines, top_label):
    """The three expenditure columns of 陕西's 收支总表 for the given facts."""
    total = arithmetic.split_of(function_lines).total
    functions = [(top_label, total)]
    for index, (code, name) in enumerate(SHAANXI_FUNCTION_CLASSES, start=1):
        functions.append((f"  {index}、{name}", sum_by_prefix(function_lines, function_code, code)))
    basic_lines = arithmetic.basic_only(economic_lines)
    project_lines = arithmetic.only(economic_lines, expense_types=(ExpenseType.PROJECT,))
    economic = [(top_label, arithmetic.split_of(economic_lines).total)]
    economic.append(("  1、人员经费和公用经费支出", arithmetic.split_of(basic_lines).total))
    for index, (code, name) in enumerate(SHAANXI_BASIC_ECONOMIC, start=1):
        economic.append((f"    ({index}){name}", sum_by_prefix(basic_lines, dept_code, code)))
    economic.append(("  2、专项业务经费支出", arithmetic.split_of(project_lines).total))
    for index, (code, name) in enumerate(SHAANXI_PROJECT_ECONOMIC, start=1):
        economic.append((f"    ({index}){name}", sum_by_prefix(project_lines, dept_code, code)))
    economic += [("  3、上缴上级支出", None), ("  4、事业单位经营支出", None)]
    economic.append(("  5、对附属单位补助支出", None))
    government = [(top_label, arithmetic.split_of(economic_lines).total)]
    for index, (code, name) in enumerate(SHAANXI_GOVERNMENT_ECONOMIC, start=1):
        government.append((f"  {index}、{name}", sum_by_prefix(economic_lines, gov_code, code)))
    return total, functions, economic, government


def build_summary(facts):
    """陕西 表1 单位综合预算收支总表."""
    sources = arithmetic.by_source(facts.revenue)
    in_year = arithmetic.in_year_revenue(sources)
    revenue = [
        ("一、部门预算", in_year),
        ("  1、财政拨款", arithmetic.fiscal_total(sources)),
        ("    (1)一般公共预算拨款", sources.get(S.GENERAL_PUBLIC)),
        ("       其中：专项资金列入部门预算的项目", None),
        ("    (2)政府性基金拨款", sources.get(S.GOVERNMENT_FUND)),
        ("    (3)国有资本经营预算收入", sources.get(S.STATE_CAPITAL)),
        ("  2、上级补助收入", sources.get(S.HIGHER_LEVEL_SUBSIDY)),
        ("  3、事业收入", sources.get(S.OPERATING)),
        ("      其中：纳入财政专户管理的收费", None),
        ("  4、事业单位经营收入", sources.get(S.BUSINESS)),
        ("  5、附属单位上缴收入", sources.get(S.AFFILIATED)),
        ("  6、其他收入", sources.get(S.OTHER)),
    ]
    total, functions, economic, government = expenditure_sides(
        facts.function_lines, facts.economic_lines, "一、部门预算"
    )
    footer = [
        [("本年收入合计", in_year)] + [("本年支出合计", total)] * 3,
        [("用事业基金弥补收支差额", sources.get(S.RESERVE_FUND))] + [("结转下年", None)] * 3,
        [("上年实户资金余额", sources.get(S.ACCOUNT_BALANCE))]
        + [("未安排支出的实户资金", None)] * 3,
        [("上年结转", sources.get(S.CARRIED_OVER))] + [("", None)] * 3,
        [("收入总计", arithmetic.total_of(sources.values()))] + [("支出总计", total)] * 3,
    ]
    rows = side_by_side([revenue, functions, economic, government], footer)
    return new_table(SUMMARY_COLUMNS, rows, header_rows=SUMMARY_HEADER, layout=True)


def build_fiscal_summary(facts):
    """陕西 表4 单位综合预算财政拨款收支总表: as 表1, 财政拨款 only."""
    revenue_lines = arithmetic.only(facts.revenue, sources=FISCAL_SOURCES)
    sources = arithmetic.by_source(revenue_lines)
    fiscal = arithmetic.fiscal_total(sources)
    revenue = [
        ("一、财政拨款", fiscal),
        ("  1、一般公共预算拨款", sources.get(S.GENERAL_PUBLIC)),
        ("     其中：专项资金列入部门预算的项目", None),
        ("  2、政府性基金拨款", sources.get(S.GOVERNMENT_FUND)),
        ("  3、国有资本经营预算收入", sources.get(S.STATE_CAPITAL)),
    ]
    total, functions, economic, government = expenditure_sides(
        arithmetic.only(facts.function_lines, sources=FISCAL_SOURCES),
        arithmetic.only(facts.economic_lines, sources=FISCAL_SOURCES),
        "一、财政拨款",
    )
    footer = [
        [("本年收入合计", fiscal)] + [("本年支出合计", total)] * 3,
        [("上年结转", None)] + [("结转下年", None)] * 3,
        [("收入总计", fiscal)] + [("支出总计", total)] * 3,
    ]
    rows = side_by_side([revenue, functions, economic, government], footer)
    return new_table(SUMMARY_COLUMNS, rows, header_rows=SUMMARY_HEADER, layout=True)


def organisation_rows(facts, amounts_of_row):
    """合计, then the department, then the unit (陕西 表2, 表3, 表12)."""
    organisation = facts.document.organisation
    department = organisation.parent if organisation.parent_id else None
    rows = [Row(["合计", ""] + amounts_of_row, kind="total")]
    if department is not None:
        rows.append(Row([department.code, department.name] + amounts_of_row, kind="group"))
        rows.append(Row([organisation.code, organisation.name] + amounts_of_row, depth=1))
    else:
        rows.append(Row([organisation.code, organisation.name] + amounts_of_row, kind="group"))
    return rows


def build_revenue_by_organisation(facts):
    """陕西 表2 单位综合预算收入总表."""
    sources = arithmetic.by_source(facts.revenue)
    columns = [
        Column("单位编码"),
        Column("单位名称"),
        Column("合计", "amount"),
        Column("一般公共预算拨款小计", "amount"),
        Column("其中：专项资金列入部门预算项目", "amount"),
        Column("政府性基金拨款", "amount"),
        Column("上级补助收入", "amount"),
        Column("事业收入", "amount"),
        Column("事业单位经营收入", "amount"),
        Column("对附属单位上缴收入", "amount"),
        Column("用事业基金弥补收支差额", "amount"),
        Column("上年结转", "amount"),
        Column("上年实户资金余额", "amount"),
        Column("其他收入", "amount"),
    ]
    amounts = [
        arithmetic.total_of(sources.values()),
        sources.get(S.GENERAL_PUBLIC),
        None,
        sources.get(S.GOVERNMENT_FUND),
        sources.get(S.HIGHER_LEVEL_SUBSIDY),
        sources.get(S.OPERATING),
        sources.get(S.BUSINESS),
        sources.get(S.AFFILIATED),
        sources.get(S.RESERVE_FUND),
        sources.get(S.CARRIED_OVER),
        sources.get(S.ACCOUNT_BALANCE),
        sources.get(S.OTHER),
    ]
    header = [
        [HeaderCell("单位编码", rowspan=3), HeaderCell("单位名称", rowspan=3)]
        + [HeaderCell("部门预算", colspan=12)],
        [HeaderCell("合计", rowspan=2), HeaderCell("一般公共预算拨款", colspan=2)]
        + [HeaderCell(column.name, rowspan=2) for column in columns[5:]],
        [HeaderCell("小计"), HeaderCell("其中：专项资金列入部门预算项目")],
    ]
    return new_table(columns, organisation_rows(facts, amounts), header_rows=header)


def build_expenditure_by_organisation(facts):
    """陕西 表3 单位综合预算支出总表: expenditure by funding source."""
    sources = arithmetic.by_source(facts.function_lines)
    columns = [
        Column("单位编码"),
        Column("单位名称"),
        Column("合计", "amount"),
        Column("公共预算拨款小计", "amount"),
        Column("其中：专项资金列入部门预算的项目", "amount"),
        Column("政府性基金拨款", "amount"),
        Column("事业收入", "amount"),
        Column("事业单位经营收入", "amount"),
        Column("对附属单位上缴收入", "amount"),
        Column("上年实户资金余额", "amount"),
        Column("其他收入", "amount"),
        Column("上年结转", "amount"),
    ]
    amounts = [
        arithmetic.total_of(sources.values()),
        sources.get(S.GENERAL_PUBLIC),
        None,
        sources.get(S.GOVERNMENT_FUND),
        sources.get(S.OPERATING),
        sources.get(S.BUSINESS),
        sources.get(S.AFFILIATED),
        sources.get(S.ACCOUNT_BALANCE),
        sources.get(S.OTHER),
        sources.get(S.CARRIED_OVER),
    ]
    header = [
        [HeaderCell("单位编码", rowspan=3), HeaderCell("单位名称", rowspan=3)]
        + [HeaderCell("部门预算", colspan=10)],
        [HeaderCell("合计", rowspan=2), HeaderCell("公共预算拨款", colspan=2)]
        + [HeaderCell(column.name, rowspan=2) for column in columns[5:]],
        [HeaderCell("小计"), HeaderCell("其中：专项资金列入部门预算的项目")],
    ]
    return new_table(columns, organisation_rows(facts, amounts), header_rows=header)


TOTAL_COLUMN = Column("合计", "amount", key="total")
PERSONNEL_COLUMN = Column("人员经费支出", "amount", key="personnel")
RUNNING_COLUMN = Column("公用经费支出", "amount", key="running")
SPECIAL_PROJECT_COLUMN = Column("专项业务经费支出", "amount", key="project")


def split_amounts(split, *, with_project=True):
    amounts = [split.total if with_project else split.basic, split.personnel, split.running]
    if with_project:
        amounts.append(split.project)
    return amounts


def shaanxi_function_detail(facts, *, basic):
    """陕西 表5 / 表7: 一般公共预算 by function 类/款/项 × 人员/公用(/专项)."""
    lines = arithmetic.general_public(facts.function_lines)
    shown = arithmetic.basic_only(lines) if basic else lines
    codes = arithmetic.rollup(lines, function_code, (3, 5, 7))
    splits = arithmetic.rollup(shown, function_code, (3, 5, 7))
    columns = [Column("功能科目编码", "code"), Column("功能科目名称"), TOTAL_COLUMN]
    columns += [PERSONNEL_COLUMN, RUNNING_COLUMN]
    if not basic:
        columns.append(SPECIAL_PROJECT_COLUMN)
    columns.append(Column("备注"))
    total = arithmetic.split_of(shown)
    rows = [Row(["合计", ""] + split_amounts(total, with_project=not basic) + [""], "total")]
    for code in codes:
        split = splits.get(code, arithmetic.Split())
        depth = (3, 5, 7).index(len(code))
        rows.append(
            Row(
                [Code(code, "function"), facts.name("function", code)]
                + split_amounts(split, with_project=not basic)
                + [""],
                kind="group" if depth < 2 else "item",
                depth=depth,
            )
        )
    return new_table(columns, rows)


def build_general_public_by_function(facts):
    return shaanxi_function_detail(facts, basic=False)


def build_general_public_basic_by_function(facts):
    return shaanxi_function_detail(facts, basic=True)


def shaanxi_economic_detail(facts, *, basic):
    """陕西 表6 / 表8: 一般公共预算 by department economic 类/款, government code beside."""
    lines = arithmetic.general_public(facts.economic_lines)
    shown = arithmetic.basic_only(lines) if basic else lines
    codes = arithmetic.rollup(lines, dept_code, (3, 5))
    splits = arithmetic.rollup(shown, dept_code, (3, 5))
    government_of = {}
    for line in lines:
        if line.gov_economic_id:
            government_of.setdefault(line.dept_economic.code, line.gov_economic.code)
    columns = [
        Column("部门经济科目编码", "code"),
        Column("部门经济科目名称"),
        Column("政府经济科目编码", "code"),
        Column("政府经济科目名称"),
        TOTAL_COLUMN,
        PERSONNEL_COLUMN,
        RUNNING_COLUMN,
    ]
    if not basic:
        columns.append(SPECIAL_PROJECT_COLUMN)
    columns.append(Column("备注"))
    total = arithmetic.split_of(shown)
    amounts = split_amounts(total, with_project=not basic)
    rows = [Row(["合计", "", "", ""] + amounts + [""], "total")]
    for code in codes:
        split = splits.get(code, arithmetic.Split())
        government = government_of.get(code)
        rows.append(
            Row(
                [
                    Code(code, "dept_economic"),
                    facts.name("dept_economic", code),
                    Code(government, "gov_economic") if government else "",
                    facts.name("gov_economic", government) if government else "",
                ]
                + split_amounts(split, with_project=not basic)
                + [""],
                kind="group" if len(code) == 3 else "item",
                depth=0 if len(code) == 3 else 1,
            )
        )
    return new_table(columns, rows)


def build_general_public_by_economic(facts):
    return shaanxi_economic_detail(facts, basic=False)


def build_general_public_basic_by_economic(facts):
    return shaanxi_economic_detail(facts, basic=True)


GOVERNMENT_FUND_FUNCTIONS = [
    ("206", "科学技术支出"),
    ("207", "文化旅游体育与传媒支出"),
    ("208", "社会保障和就业支出"),
    ("211", "节能环保支出"),
    ("212", "城乡社区支出"),
    ("213", "农林水支出"),
    ("214", "交通运输支出"),
    ("215", "资源勘探工业信息等支出"),
    ("217", "金融支出"),
    ("229", "其他支出"),
]

GOVERNMENT_FUND_BASIC_ECONOMIC = [
    ("301", "工资福利支出"),
    ("302", "商品和服务支出"),
    ("303", "对个人和家庭的补助"),
    ("310", "其他资本性支出"),
]

GOVERNMENT_FUND_PROJECT_ECONOMIC = [
    ("301", "工资福利支出"),
    ("302", "商品和服务支出"),
    ("303", "对个人和家庭的补助"),
    ("307", "债务付息及费用支出"),
    ("309", "资本性支出(基本建设)"),
    ("310", "资本性支出"),
    ("311", "对企业补助(基本建设）"),
    ("312", "对企业补助"),
    ("313", "对社会保障基金补助"),
    ("399", "其他支出"),
]

GOVERNMENT_FUND_GOVERNMENT_ECONOMIC = [
    ("501", "机关工资福利支出"),
    ("502", "机关商品和服务支出"),
    ("503", "机关资本性支出（一）"),
    ("504", "机关资本性支出（二）"),
    ("505", "对事业单位经常性补助"),
    ("506", "对事业单位资本性补助"),
    ("507", "对企业补助"),
    ("508", "对企业资本性支出"),
    ("509", "对个人和家庭的补助"),
    ("599", "其他支出"),
]


def build_government_fund_summary(facts):
    """陕西 表9 政府性基金收支表, in the template's fixed layout."""
    fund = (S.GOVERNMENT_FUND,)
    revenue_total = arithmetic.total_of(
        arithmetic.by_source(arithmetic.only(facts.revenue, sources=fund)).values()
    )
    function_lines = arithmetic.only(facts.function_lines, sources=fund)
    economic_lines = arithmetic.only(facts.economic_lines, sources=fund)
    basic_lines = arithmetic.basic_only(economic_lines)
    project_lines = arithmetic.only(economic_lines, expense_types=(ExpenseType.PROJECT,))
    revenue = [("一、政府性基金拨款", revenue_total)]
    functions = [
        (f"{chinese_number(index)}、{name}", sum_by_prefix(function_lines, function_code, code))
        for index, (code, name) in enumerate(GOVERNMENT_FUND_FUNCTIONS, start=1)
    ]
    economic = [("一、人员经费和公用经费支出", arithmetic.split_of(basic_lines).total)]
    economic += [
        (f"    {name}", sum_by_prefix(basic_lines, dept_code, code))
        for code, name in GOVERNMENT_FUND_BASIC_ECONOMIC
    ]
    economic.append(("二、专项业务经费支出", arithmetic.split_of(project_lines).total))
    economic += [
        (f"    {name}", sum_by_prefix(project_lines, dept_code, code))
        for code, name in GOVERNMENT_FUND_PROJECT_ECONOMIC
    ]
    economic += [("三、上缴上级支出", None), ("四、事业单位经营支出", None)]
    economic.append(("五、对附属单位补助支出", None))
    government = [
        (f"{chinese_number(index)}、{name}", sum_by_prefix(economic_lines, gov_code, code))
        for index, (code, name) in enumerate(GOVERNMENT_FUND_GOVERNMENT_ECONOMIC, start=1)
    ]
    total = arithmetic.split_of(function_lines).total
    footer = [[("本年收入合计", revenue_total)] + [("本年支出合计", total)] * 3]
    height = max(len(column) for column in (revenue, functions, economic, government))
    rows = []
    for index in range(height):
        cells = []
        for column in (revenue, functions, economic, government):
            label, amount = column[index] if index < len(column) else ("", None)
            cells += [label, amount]
        rows.append(Row(cells))
    for pairs in footer:
        rows.append(Row([cell for pair in pairs for cell in pair], kind="total"))
    return new_table(SUMMARY_COLUMNS, rows, header_rows=SUMMARY_HEADER, layout=True)


def build_projects(facts):
    """陕西 表10 专项业务经费支出表: department → unit → 专用项目 → 政府履职专项 → project."""
    columns = [
        Column("单位编码"),
        Column("单位（项目）名称"),
        Column("项目金额", "amount"),
        Column("项目简介"),
    ]
    projects = facts.projects
    total = arithmetic.total_of(project.amount for project in projects)
    organisation = facts.document.organisation
    rows = [Row(["合计", "", total, ""], kind="total")]
    depth = 0
    if organisation.parent_id:
        parent = organisation.parent
        rows.append(Row([parent.code, parent.name, total, ""], kind="group"))
        depth = 1
    by_unit = {}
    for project in projects:
        by_unit.setdefault(project.organisation or organisation, []).append(project)
    for unit, unit_projects in by_unit.items():
        unit_total = arithmetic.total_of(project.amount for project in unit_projects)
        rows.append(Row([unit.code, unit.name, unit_total, ""], kind="group", depth=depth))
        categories = {}
        for project in unit_projects:
            categories.setdefault(project.category, {}).setdefault(project.subcategory, []).append(
                project
            )
        for category, subcategories in categories.items():
            category_projects = [p for group in subcategories.values() for p in group]
            if category:
                amount = arithmetic.total_of(p.amount for p in category_projects)
                rows.append(Row(["", category, amount, ""], kind="group", depth=depth + 1))
            for subcategory, group in subcategories.items():
                if subcategory:
                    amount = arithmetic.total_of(p.amount for p in group)
                    rows.append(Row(["", subcategory, amount, ""], kind="group", depth=depth + 2))
                for project in group:
                    rows.append(
                        Row(["", project.name, project.amount, project.summary], depth=depth + 3)
                    )
    return new_table(columns, rows)


def build_procurement_items(facts):
    """陕西 表11 政府采购（资产配置、购买服务）预算表."""
    columns = [
        Column("功能科目编码", "code", code_parts=(3, 2, 2)),
        Column("单位编码"),
        Column("采购项目"),
        Column("采购目录"),
        Column("购买服务内容"),
        Column("规格型号"),
        Column("数量"),
        Column("部门预算支出经济科目编码", "code", code_parts=(3, 2)),
        Column("政府预算支出经济科目编码", "code", code_parts=(3, 2)),
        Column("实施采购时间"),
        Column("预算金额", "amount"),
        Column("说明"),
    ]
    unit_code = facts.document.organisation.code
    rows = []
    for item in facts.procurement_items:
        rows.append(
            Row(
                [
                    Code(item.function.code, "function") if item.function_id else "",
                    unit_code,
                    item.item,
                    item.catalogue,
                    item.service_content,
                    item.specification,
                    "" if item.quantity is None else f"{item.quantity.normalize():f}",
                    Code(item.dept_economic.code, "dept_economic") if item.dept_economic_id else "",
                    Code(item.gov_economic.code, "gov_economic") if item.gov_economic_id else "",
                    item.timing,
                    item.amount,
                    item.note,
                ]
            )
        )
    if rows:
        total = arithmetic.total_of(item.amount for item in facts.procurement_items)
        rows.insert(0, Row(["合计"] + [""] * 9 + [total, ""], kind="total"))
    return new_table(columns, rows)


def restricted_figures(row):
    """One period's 陕西 表12 figures, in printed column order."""
    if row is None:
        return [None] * 9
    return [
        arithmetic.restricted_total(row),
        arithmetic.three_public_total(row),
        row.outbound_travel,
        row.reception,
        arithmetic.vehicle_total(row),
        row.vehicle_purchase,
        row.vehicle_operation,
        row.meetings,
        row.training,
    ]


def build_restricted_spending(facts):
    """陕西 表12 “三公”经费及会议费、培训费支出预算表: 上年, 当年, 增减变化情况."""
    prior = restricted_figures(facts.restricted.get("prior"))
    current = restricted_figures(facts.restricted.get("current"))
    changes = [arithmetic.change(a, b) for a, b in zip(prior, current, strict=True)]
    names = [
        "合计",
        "“三公”经费小计",
        "因公出国（境）费用",
        "公务接待费",
        "公务用车购置及运行维护费小计",
        "公务用车购置费",
        "公务用车运行维护费",
        "会议费",
        "培训费",
    ]
    columns = [Column("单位编码"), Column("单位名称")]
    for period in ("上年", "当年", "增减变化情况"):
        columns += [Column(f"{period}{name}", "amount") for name in names]
    group = [
        HeaderCell("合计", rowspan=3),
        HeaderCell("一般公共预算拨款安排的“三公”经费预算", colspan=6),
        HeaderCell("会议费", rowspan=3),
        HeaderCell("培训费", rowspan=3),
    ]
    second = [
        HeaderCell("小计", rowspan=2),
        HeaderCell("因公出国（境）费用", rowspan=2),
        HeaderCell("公务接待费", rowspan=2),
        HeaderCell("公务用车购置及运行维护费", colspan=3),
    ]
    third = [HeaderCell("小计"), HeaderCell("公务用车购置费"), HeaderCell("公务用车运行维护费")]
    header = [
        [HeaderCell("单位编码", rowspan=4), HeaderCell("单位名称", rowspan=4)]
        + [HeaderCell(period, colspan=9) for period in ("上年", "当年", "增减变化情况")],
        group * 3,
        second * 3,
        third * 3,
    ]
    rows = organisation_rows(facts, prior + current + changes)
    return new_table(columns, rows, header_rows=header)


TARGET_COLUMNS = [
    Column("一级指标"),
    Column("二级指标"),
    Column("指标内容"),
    Column("指标值"),
    Column("备注"),
]


def indicator_rows(target_set):
    from budgets.performance.models import Indicator

    rows = [Row(["一级指标", "二级指标", "指标内容", "指标值", "备注"], kind="heading")]
    order1 = list(Indicator.Level1)
    order2 = list(Indicator.Level2)
    indicators = sorted(
        target_set.indicators.all(),
        key=lambda item: (order1.index(item.level1), order2.index(item.level2), item.number),
    )
    for indicator in indicators:
        rows.append(
            Row(
                [
                    indicator.get_level1_display(),
                    indicator.get_level2_display(),
                    f"指标{indicator.number}：{indicator.content}",
                    indicator.value,
                    indicator.note,
                ]
            )
        )
    return rows


def goal_rows(target_set, horizon, label):
    goals = [goal for goal in target_set.goals.all() if goal.horizon == horizon]
    return [Row([label, f"目标{goal.number}：{goal.text}"], kind="field") for goal in goals]


def funding_rows(target_set, prefix, label):
    return [
        Row([label, f"{label}总额", getattr(target_set, f"{prefix}_total")], kind="field"),
        Row(["", "其中：财政拨款", getattr(target_set, f"{prefix}_fiscal")], kind="field"),
        Row(["", "其他资金", getattr(target_set, f"{prefix}_other")], kind="field"),
    ]


def target_sets_of(facts, kind):
    return [target_set for target_set in facts.target_sets if target_set.kind == kind]


def build_project_targets(facts):
    """陕西 表13 单位预算专项业务经费绩效目标表: one form per project."""
    rows = []
    for target_set in target_sets_of(facts, "project"):
        rows.append(Row(["项目名称", target_set.name], kind="field"))
        rows.append(Row(["主管部门", target_set.competent_department], kind="field"))
        rows += funding_rows(target_set, "period", "实施期资金")
        rows += goal_rows(target_set, "period", "总体目标") or goal_rows(
            target_set, "annual", "总体目标"
        )
        rows += indicator_rows(target_set)
    return new_table(TARGET_COLUMNS, rows, layout=True, form=True)


def build_unit_overall_targets(facts):
    """陕西 表14 单位整体支出绩效目标表: tasks with amounts, goals, indicators."""
    rows = []
    for target_set in target_sets_of(facts, "unit_overall"):
        rows.append(Row(["部门（单位）名称", target_set.name], kind="field"))
        rows.append(
            Row(["年度主要任务", "主要内容", "总额", "财政拨款", "其他资金"], kind="heading")
        )
        tasks = list(target_set.tasks.all())
        for task in tasks:
            rows.append(
                Row(
                    [
                        f"任务{task.number}",
                        f"{task.name}{task.content}",
                        task.total,
                        task.fiscal,
                        task.other,
                    ]
                )
            )
        rows.append(
            Row(
                [
                    "金额合计",
                    "",
                    arithmetic.total_of(task.total for task in tasks),
                    arithmetic.total_of(task.fiscal for task in tasks),
                    arithmetic.total_of(task.other for task in tasks),
                ],
                kind="total",
            )
        )
        rows += goal_rows(target_set, "annual", "年度总体目标")
        rows += indicator_rows(target_set)
    return new_table(TARGET_COLUMNS, rows, layout=True, form=True)


def build_special_fund_targets(facts):
    """陕西 表15 专项资金总体绩效目标表: whole period and year."""
    rows = []
    for target_set in target_sets_of(facts, "special_fund"):
        rows.append(Row(["项目名称", target_set.name], kind="field"))
        rows.append(Row(["主管部门", target_set.competent_department], kind="field"))
        rows.append(Row(["实施期限", target_set.period], kind="field"))
        rows += funding_rows(target_set, "period", "实施期资金")
        rows += funding_rows(target_set, "annual", "年度资金")
        rows += goal_rows(target_set, "period", "实施期总目标")
        rows += goal_rows(target_set, "annual", "年度目标")
        rows += indicator_rows(target_set)
    return new_table(TARGET_COLUMNS, rows, layout=True, form=True)


BUILDERS = {
    "summary": build_summary,
    "revenue_by_organisation": build_revenue_by_organisation,
    "expenditure_by_organisation": build_expenditure_by_organisation,
    "fiscal_summary": build_fiscal_summary,
    "general_public_by_function": build_general_public_by_function,
    "general_public_by_economic": build_general_public_by_economic,
    "general_public_basic_by_function": build_general_public_basic_by_function,
    "general_public_basic_by_economic": build_general_public_basic_by_economic,
    "government_fund_summary": build_government_fund_summary,
    "projects": build_projects,
    "procurement_items": build_procurement_items,
    "restricted_spending": build_restricted_spending,
    "project_targets": build_project_targets,
    "unit_overall_targets": build_unit_overall_targets,
    "special_fund_targets": build_special_fund_targets,
}

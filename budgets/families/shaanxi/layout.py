"""陕西省单位综合预算公开: fifteen tables, as the 宝鸡市 2023 document (the seed of this
project) prints them. The family has no PDF reader yet (its one document is the hand-checked
fixture baoji_2023.json); the layout still declares the template, which the stored template
rows and the renderer follow.
"""

from budgets.importers.layout import TableLayout, TemplateLayout

UNIT_COMPREHENSIVE = TemplateLayout(
    code="shaanxi-unit-comprehensive",
    name="陕西省单位综合预算公开（15张表）",
    tables=(
        TableLayout(
            number="表1",
            kind="summary",
            title="单位综合预算收支总表",
            rows="summary",
        ),
        TableLayout(
            number="表2",
            kind="revenue_by_organisation",
            title="单位综合预算收入总表",
            rows="organisation",
        ),
        TableLayout(
            number="表3",
            kind="expenditure_by_organisation",
            title="单位综合预算支出总表",
            rows="organisation",
        ),
        TableLayout(
            number="表4",
            kind="fiscal_summary",
            title="单位综合预算财政拨款收支总表",
            rows="summary",
        ),
        TableLayout(
            number="表5",
            kind="general_public_by_function",
            title="一般公共预算支出明细表（按支出功能分类科目）",
            rows="function",
        ),
        TableLayout(
            number="表6",
            kind="general_public_by_economic",
            title="一般公共预算支出明细表（按支出经济分类科目）",
            rows="economic",
        ),
        TableLayout(
            number="表7",
            kind="general_public_basic_by_function",
            title="一般公共预算基本支出明细表（按支出功能分类科目）",
            rows="function",
        ),
        TableLayout(
            number="表8",
            kind="general_public_basic_by_economic",
            title="一般公共预算基本支出明细表（按支出经济分类科目）",
            rows="economic",
        ),
        TableLayout(
            number="表9",
            kind="government_fund_summary",
            title="政府性基金收支表",
            rows="function",
        ),
        TableLayout(
            number="表10",
            kind="projects",
            title="专项业务经费支出表",
            rows="projects",
        ),
        TableLayout(
            number="表11",
            kind="procurement_items",
            title="政府采购（资产配置、购买服务）预算表",
            rows="procurement",
        ),
        TableLayout(
            number="表12",
            kind="restricted_spending",
            title="“三公”经费及会议费、培训费支出预算表",
            rows="three_public",
        ),
        TableLayout(
            number="表13",
            kind="project_targets",
            title="单位预算专项业务经费绩效目标表",
            rows="form",
        ),
        TableLayout(
            number="表14",
            kind="unit_overall_targets",
            title="单位整体支出绩效目标表",
            rows="form",
        ),
        TableLayout(
            number="表15",
            kind="special_fund_targets",
            title="专项资金总体绩效目标表",
            rows="form",
        ),
    ),
)

LAYOUTS = {UNIT_COMPREHENSIVE.code: UNIT_COMPREHENSIVE}

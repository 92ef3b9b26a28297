"""上海 部门决算（9张表，万元）."""

from budgets.importers.registry import Family, SourceDocument

from .layout import FINAL_ACCOUNTS
from .reader import READER
from .rendering import STYLE
from .tables import BUILDERS

PUTUO = "shanghai_putuo.json"

FAMILY = Family(
    code="shanghai_final",
    layouts=(FINAL_ACCOUNTS,),
    builders=BUILDERS,
    reader=READER,
    style=STYLE,
    documents=(
        SourceDocument(("中共上海市普陀区委社会工作部2024年度部门决算.pdf",), PUTUO),
        SourceDocument(
            ("上海市普陀区财政局2024年度部门决算.pdf",),
            PUTUO,
            forced=(
                "情况说明: 财政拨款收入支出总计 “0.3 万元” (表4 总计 2,961.68 万元), and "
                "一般公共服务支出 “占71.73%” (2,106.66 of 2,940.05 is 71.65%)."
            ),
        ),
    ),
)

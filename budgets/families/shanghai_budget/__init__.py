"""上海 区级/市级 部门/单位预算（9张表，元）."""

from budgets.importers.registry import Family, SourceDocument

from .layout import SHANGHAI_DISTRICT
from .reader import READER
from .rendering import STYLE
from .tables import BUILDERS

PUTUO = "shanghai_putuo.json"

FAMILY = Family(
    code="shanghai_budget",
    layouts=(SHANGHAI_DISTRICT,),
    builders=BUILDERS,
    reader=READER,
    style=STYLE,
    documents=(
        SourceDocument(("上海市普陀区人民政府办公室25年预算.pdf",), PUTUO),
        SourceDocument(("上海市普陀区人民政府办公室单位25年预算.pdf",), PUTUO),
        SourceDocument(("上海市普陀区人民政府万里街道办事处23年预算.pdf",), PUTUO),
        SourceDocument(("上海市普陀区人民政府万里街道办事处24年预算.pdf",), PUTUO),
        SourceDocument(("上海市普陀区人民政府万里街道办事处25年预算.pdf",), PUTUO),
        SourceDocument(("上海市普陀区司法局26年预算.pdf",), PUTUO),
        SourceDocument(
            ("上海市普陀区司法局单位26年预算.pdf",),
            PUTUO,
            forced="表3/表5 print 20406's 项目支出 on the row 2040601 行政运行.",
        ),
        SourceDocument(
            ("上海市普陀区社会福利院单位24年预算.pdf",),
            PUTUO,
            forced="A 类 cell misprinted “7” (for 210) in 表3 and 表5.",
        ),
        SourceDocument(
            ("上海市普陀区财政局25年预算.pdf",),
            PUTUO,
            forced="The narrative's 职业年金 887.36 万元 against 873,617 元 in the tables.",
        ),
    ),
)

"""江苏 省级部门预算（12张公开表，万元）."""

from budgets.importers.registry import Family, SourceDocument

from .layout import LAYOUTS
from .reader import READER
from .rendering import STYLE
from .tables import BUILDERS

JIANGSU = "jiangsu_provincial.json"

FAMILY = Family(
    code="jiangsu",
    layouts=tuple(LAYOUTS.values()),
    builders=BUILDERS,
    reader=READER,
    style=STYLE,
    documents=(
        SourceDocument(
            ("江苏省委办公厅2017年部门预算.pdf", "江苏省委办公厅2017年预算公开表格.pdf"), JIANGSU
        ),
        SourceDocument(
            (
                "江苏省委办公厅2018年度部门预算公开文件.pdf",
                "江苏省委办公厅2018年度部门预算公开表.pdf",
            ),
            JIANGSU,
        ),
        SourceDocument(
            (
                "江苏省委办公厅2019年度部门预算公开文件.pdf",
                "江苏省委办公厅2019年度部门预算公开表格.pdf",
            ),
            JIANGSU,
        ),
        SourceDocument(("江苏省人大办公厅2017年度预算公开.pdf",), JIANGSU),
        SourceDocument(("江苏省人大办公厅2018年度预算公开.pdf",), JIANGSU),
        SourceDocument(
            (
                "江苏省人大常委会2019年度部门预算公开.pdf",
                "江苏省人大常委会办公厅2019年部门预算公开表.pdf",
            ),
            JIANGSU,
        ),
        SourceDocument(
            ("江苏省人民检察院2017年部门预算.pdf",),
            JIANGSU,
            forced="The narrative's 基本支出 12,323.46 万元 against 12,323.48 in the tables.",
        ),
        SourceDocument(("江苏省人民检察院2018年部门预算公开.pdf",), JIANGSU),
        SourceDocument(("江苏省人民检察院2019年度部门预算公开.pdf",), JIANGSU),
    ),
)

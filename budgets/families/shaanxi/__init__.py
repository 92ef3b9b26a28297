"""陕西 单位综合预算公开（15张表）."""

from budgets.importers.registry import Family

from .layout import LAYOUTS
from .rendering import STYLE
from .tables import BUILDERS

#: Its one document (宝鸡市 2023) is kept in the hand-checked fixture baoji_2023.json;
#: the family has no PDF reader.
FAMILY = Family(code="shaanxi", layouts=tuple(LAYOUTS.values()), builders=BUILDERS, style=STYLE)

"""What every reader produces before anything is stored: fact lines shaped like the models,
so that the same arithmetic checks a document read from a PDF and one in the database."""

from dataclasses import dataclass
from decimal import Decimal


@dataclass
class Line:
    """A fact line for the arithmetic (same attribute names as the models)."""

    source: str
    amount: Decimal
    expense_type: str = ""
    function_id: str | None = None
    code: str = ""
    #: The printed item a revenue line is stored under (江苏 收入预算总表's 公共财政拨款(补助)资金).
    item: str = ""

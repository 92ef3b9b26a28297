"""A document's total spending as an SQL expression, as the document prints it: pages
that list many documents sum, rank and page them in the database, and a document's page
shows its other years' totals in one query."""

from django.db.models import DecimalField, OuterRef, Subquery, Sum, Value
from django.db.models.functions import Coalesce

from .models import FunctionExpenditure, PrintedSubtotal
from .money import cents
from .tables import SPENDING_BY_FUNCTION, TOTAL_ROW

MONEY = DecimalField(max_digits=18, decimal_places=2)
ZERO = Value(0, output_field=MONEY)


def document_total(ref="pk", kinds=SPENDING_BY_FUNCTION, **lines):
    """SQL: the total spending of the document ``OuterRef(ref)`` as printed — the 合计 its
    table of ``kinds`` prints where it prints one (whole-元 rounding, ``PrintedSubtotal``),
    else the SUM of its function lines (those matching ``lines``, e.g. a ``source``). A
    subquery per row, so that sums, ranks and pages are all taken in SQL."""
    printed = (
        PrintedSubtotal.objects.filter(
            document=OuterRef(ref),
            table__kind__in=kinds,
            column=PrintedSubtotal.Column.TOTAL,
            row=TOTAL_ROW,
        )
        # the template's first such table; the model's ordering would join three more
        .order_by("table__position")
        .values("amount")[:1]
    )
    summed = (
        FunctionExpenditure.objects.filter(document=OuterRef(ref), **lines)
        .order_by()
        .values("document")
        .annotate(total=cents(Sum("amount")))
        .values("total")
    )
    return Coalesce(Subquery(printed), Subquery(summed), output_field=MONEY)

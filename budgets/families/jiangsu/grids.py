"""Reading each kind of 江苏 公开表 from its grid rows (a ``find.Block``): code tables,
the side-by-side 收支 tables, 收入预算总表, the one-line tables known by their header
labels, the 三公 table and 政府采购预算表. Figures in 万元 as printed; nothing checked here.
"""

import re
from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from budgets.disclosures.models import FundingSource
from budgets.importers.pdf import ImportRefusedError
from budgets.importers.tables import NUMBER_RE, normalise, parse_amount, strip_ordinal

from .layout import AMOUNT_UNIT

CODE_RE = re.compile(r"^(?:\d{3}|\d{5}|\d{7})$")
TOTAL_WORDS = {"合计", "总计"}


def is_number(text):
    return bool(NUMBER_RE.match(text or ""))


def amount(text, block):
    return parse_amount(text, AMOUNT_UNIT, block.where)


def last_number(cells):
    numbers = [cell for cell in cells if is_number(cell)]
    return numbers[-1] if numbers else None


@dataclass
class CodeTable:
    rows: list  # [(code, name, amount)]
    total: Decimal | None


def read_code_table(block):
    """Rows of whole codes (201, 20131, 2013101) with one amount, and the 合计.

    Some grids rule a row's figure into a row of its own: a lone figure just above the
    合计 label belongs to the 合计 (“合计” printed below its figure), a lone figure just
    below a 合计 or a code row that prints none belongs to that row."""
    rows, total = [], None
    loose = None  # a lone figure not yet given to a row
    waiting = None  # "total", or the index of the code row printed without its figure
    for cells in block.rows:
        filled = [cell for cell in cells if cell]
        if not filled:
            continue
        if len(filled) == 1 and is_number(filled[0]):
            if waiting == "total":
                total = amount(filled[0], block)
            elif waiting is not None:
                code, name, _none = rows[waiting]
                rows[waiting] = (code, name, amount(filled[0], block))
            else:
                loose = filled[0]
            waiting = None
            continue
        code_index = next((i for i, cell in enumerate(cells) if CODE_RE.match(cell or "")), None)
        if code_index is None:
            waiting = None
            if any(cell in TOTAL_WORDS for cell in cells):
                figure = last_number(cells) or loose
                if figure is None:
                    waiting = "total"
                else:
                    total = amount(figure, block)
            loose = None
            continue
        loose = None
        rest = cells[code_index + 1 :]
        name = next((cell for cell in rest if cell and not is_number(cell)), "")
        figure = last_number(rest)
        rows.append((cells[code_index], name, amount(figure, block) if figure else None))
        waiting = None if figure else len(rows) - 1
    return CodeTable(rows, total)


#: Row labels of 收支预算总表 / 财政拨款收支预算总表 → keys.
SUMMARY_LABELS = {
    "财政拨款": "fiscal",
    "一般公共预算": "general_public",
    "政府性基金预算": "government_fund",
    "财政专户管理资金": "special_account",
    "其他资金": "other_funds",
    "当年收入小计": "income_subtotal",
    "上年结转资金": "carried_over",
    "收入合计": "income_total",
    "基本支出": "basic",
    "项目支出": "project",
    "单位预留机动经费": "reserve",
    "当年支出小计": "spending_subtotal",
    "结转下年资金": "carryforward",
    "支出合计": "spending_total",
}
HEADER_WORDS = {"收入", "支出", "项目名称", "金额", "功能分类", "支出用途", "功能科目名称"}


def read_label_pairs(block):
    """({key: amount}, [(class name, amount)], [Label]) of a side-by-side 收支 table (收入 |
    功能分类 | 支出用途, each a label column and an amount column); function 类 labels (…支出)
    kept in order, every label kept as printed (“1.一般公共预算”, see ``Label``).

    A figure belongs to the label before it in its row, unless another label column lies
    between them: then to that column's label, printed in a row above (a label wrapped over
    two or three ruled rows, “三、单位预留机动” / 2,388.04 / “经费”, has its figure in the
    middle row). A label cell drawn across the next label column (“当年支出小计”, its
    covered cells None) keeps its figure. A piece of text without ordinal under an
    unfinished label of its column continues it, over rows and pages."""
    reading = LabelReading()
    for row, cells in enumerate(block.rows):
        reading.next_row(cells)
        texts = [cell or "" for cell in cells]
        if any(text.startswith("部门") or re.search("单位[：:]", text) for text in texts):
            continue
        labels = {
            index: text
            for index, text in enumerate(texts)
            if text and not is_number(text) and text != "金额"
        }
        reading.read_labels(row, cells, labels)
        for index, text in enumerate(texts):
            if not is_number(text):
                continue
            owner = figure_owner(cells, index, labels, reading.label_columns, reading.last)
            if owner is not None and owner.figure is None:
                owner.figure, owner.figure_row = amount(text, block), row
    amounts, classes = {}, []
    for entry in reading.entries:
        if entry.name in SUMMARY_LABELS:
            amounts[SUMMARY_LABELS[entry.name]] = entry.figure
        elif entry.name.endswith("支出"):
            classes.append((entry.name, entry.figure))
    return amounts, classes, reading.entries


class LabelReading:
    """The labels of a 收支 table read so far (``read_label_pairs``)."""

    def __init__(self):
        self.entries = []  # Labels in printed order
        self.last = {}  # label column → its latest entry
        self.label_columns = set()
        self.width = None
        #: The unfinished label a new grid's first label may continue (a page break).
        self.carried = None

    def next_row(self, cells):
        if len(cells) == self.width:
            self.carried = None
            return
        # Another grid (a new page): its own columns.
        self.width, self.label_columns = len(cells), set()
        unfinished = [entry for entry in self.last.values() if not is_finished(entry.name)]
        self.carried = unfinished[-1] if unfinished else None
        self.last = {}

    def read_labels(self, row, cells, labels):
        """Each label of a row: a new Label, or the rest of an unfinished one above it."""
        self.label_columns |= set(labels)
        for index, text in labels.items():
            piece = strip_ordinal(re.sub(r"^\d+[.．]", "", text))
            previous = self.last.get(index) or self.carried
            self.carried = None
            if (
                previous is not None
                and not is_finished(previous.name)
                and piece == text
                and piece not in SUMMARY_LABELS
            ):
                # “支出” under “九、医疗卫生与计划生育” ends it, though a header word.
                own_row = index + 1 < len(cells) and cells[index + 1] is not None
                previous.go_on(text, row if own_row else None)
                self.last[index] = previous
            elif text not in HEADER_WORDS:
                self.last[index] = Label(piece, [(row, text)])
                self.entries.append(self.last[index])


@dataclass
class Label:
    """A label of a 收支 table: its name (no ordinal), its printed pieces [(grid row, text)]
    — a piece wrapped into a ruled row of its own (over a page break) is a piece apart, one
    wrapped within its merged cell goes on the piece before — and its figure and that
    figure's grid row."""

    name: str
    pieces: list
    figure: Decimal | None = None
    figure_row: int | None = None

    def go_on(self, text, own_row):
        self.name += strip_ordinal(re.sub(r"^\d+[.．]", "", text))
        if own_row is None:
            row, printed = self.pieces[-1]
            self.pieces[-1] = (row, printed + text)
        else:
            self.pieces.append((own_row, text))

    def printed(self, key):
        """[(grid row, key, text)] of its pieces, the key on the piece its figure is printed
        beside (the first where it has none)."""
        rows = [row for row, _text in self.pieces]
        holder = sum(
            1 for row in rows[1:] if self.figure_row is not None and row <= self.figure_row
        )
        return [
            (row, key if index == holder else "", text)
            for index, (row, text) in enumerate(self.pieces)
        ]


#: Where a 收支 table's labelled rows print: the income side's keys, the spending-use keys,
#: and the totals under both sides (the spending totals span the function and use panels).
INCOME_KEYS = ("fiscal", "general_public", "government_fund", "special_account", "other_funds")
USE_KEYS = ("basic", "project", "reserve")
INCOME_FOOTER = ("income_subtotal", "carried_over", "income_total")
SPENDING_FOOTER = ("spending_subtotal", "carryforward", "spending_total")


def label_layout(labels, class_codes, use_side):
    """[(position, side, key, label)] of a 收支 table's labels as printed (``labels`` from
    ``read_label_pairs``): side 0 the income, 1 the function 类 (keyed by code where known),
    ``use_side`` the spending uses, each from the first row down (a piece wrapped into a row
    of its own a row apart); the totals below them."""
    sides, footer = {0: [], 1: [], use_side: []}, []
    for label in labels:
        key = SUMMARY_LABELS.get(label.name)
        if key in INCOME_FOOTER or key in SPENDING_FOOTER:
            side = 0 if key in INCOME_FOOTER else 1
            footer += [(row, side, key, text) for row, key, text in label.printed(key)]
        elif key in INCOME_KEYS or key in USE_KEYS:
            sides[0 if key in INCOME_KEYS else use_side] += label.printed(key)
        elif key is None and label.name.endswith("支出"):
            sides[1] += label.printed(class_codes.get(normalise(label.name), ""))
    body = max(len(pieces) for pieces in sides.values())
    placed = [
        (position, side, key, text)
        for side, pieces in sides.items()
        for position, (_row, key, text) in enumerate(pieces, start=1)
    ]
    # The totals line up by the grid row they are printed in.
    ranks = {row: rank for rank, row in enumerate(sorted({row for row, *_ in footer}), body + 1)}
    return placed + [(ranks[row], side, key, text) for row, side, key, text in footer]


def is_finished(label):
    return label in SUMMARY_LABELS or label.endswith("支出")


def figure_owner(cells, index, labels, label_columns, last):
    """The entry a figure printed in column ``index`` of a 收支 row belongs to (see
    ``read_label_pairs``)."""
    before = [column for column in labels if column < index and labels[column] not in HEADER_WORDS]
    own = max(before, default=None)
    between = [
        column for column in label_columns if (own if own is not None else -1) < column < index
    ]
    if own is not None and (
        not between or all(cell is None for cell in cells[own + 1 : max(between) + 1])
    ):
        return last.get(own)
    if between:
        return last.get(max(between))
    return None


REVENUE_GROUPS = {
    "一般公共预算资金": FundingSource.GENERAL_PUBLIC,
    "政府性基金": FundingSource.GOVERNMENT_FUND,
    "财政专户管理资金": FundingSource.SPECIAL_ACCOUNT,
    "其他资金": "other_funds",
    "上年结转和结余资金": FundingSource.CARRIED_OVER,
}
OTHER_FUND_SOURCES = {
    "事业收入": FundingSource.OPERATING,
    "经营收入": FundingSource.BUSINESS,
    "其他收入": FundingSource.OTHER,
}


def read_revenue(block):
    """({group: {leaf label: amount}}, 收入总计, [(position, side, group key, label)]) of
    收入预算总表; the rows are as printed, side 0 a group's name, side 1 an item.

    Each group prints its 小计 first, then its items; the group's name sits in a cell
    merged over the group's rows, printed on the 小计 row or on a row further down. So a
    小计 row opens a group, and a group name names the group open without one (or opens its
    own when the group has no 小计). Rows above 收入总计 are the header."""
    total, group = None, None  # group: [group key or None, {leaf: amount}]
    opened, placed = [], []  # placed: [position, side, group (or its key), label]
    for cells in block.rows:
        labels = [cell for cell in cells if cell and not is_number(cell)]
        figure = last_number(cells)
        if "收入总计" in labels:
            total = amount(figure, block) if figure else None
            placed.append([len(placed) + 1, 0, "revenue_total", "收入总计"])
            continue
        if not labels or not placed:
            continue
        names = [label for label in labels if label in REVENUE_GROUPS]
        named = REVENUE_GROUPS[names[0]] if names else None
        leaves = [label for label in labels if label not in REVENUE_GROUPS]
        if "小计" in leaves or (named is not None and (group is None or group[0] is not None)):
            group = [named, {}]
            opened.append(group)
        elif named is not None:
            group[0] = named
        position = placed[-1][0] + 1
        placed += [[position, 0, group, name] for name in names[:1]]
        if group is None or not leaves:
            continue
        placed.append([position, 1, group, leaves[-1]])
        group[1][leaves[-1]] = amount(figure, block) if figure else None
    groups = {}
    for key, leaves in opened:
        if key is not None:
            groups.setdefault(key, {}).update(leaves)
    rows = [
        (position, side, key if isinstance(key, str) else str(key[0] or ""), label)
        for position, side, key, label in placed
    ]
    return groups, total, rows


EXPENSE_COLUMNS = {
    "合计": "total",
    "基本支出": "basic",
    "项目支出": "project",
    "单位预留机动经费": "reserve",
    "结转下年资金": "carryforward",
}


def read_columns(block, labels):
    """{column key: amount} of a one-line table known by its header labels (支出预算总表):
    the 合计 row if rows are printed per unit, else the one row of figures. A column's label
    is what its header cells print top to bottom (“单位预留机动经” / “费”)."""
    headers, figures = {}, []
    for cells in block.rows:
        if any(is_number(cell) for cell in cells):
            figures.append(cells)
        elif not figures:
            for index, cell in enumerate(cells):
                headers[index] = headers.get(index, "") + (cell or "")
    keys = {}
    for index, text in headers.items():
        key = next((key for label, key in labels.items() if text.endswith(label)), None)
        if key:
            keys[index] = key
    if not figures:
        return {}, []
    chosen = next((cells for cells in figures if set(cells) & TOTAL_WORDS), figures[-1])
    if keys and all(index < len(chosen) and chosen[index] is None for index in keys):
        # The figure row is ruled apart from the header (every header column falls on a
        # covered cell): its cells, in order, stand under the header labels, in order.
        starts = [index for index, cell in enumerate(chosen) if cell is not None]
        labelled = sorted(index for index, text in headers.items() if text)
        if len(starts) == len(labelled):
            moved = dict(zip(labelled, starts, strict=True))
            keys = {moved[index]: key for index, key in keys.items()}
    values = {
        key: amount(chosen[index], block) if index < len(chosen) else None
        for index, key in keys.items()
    }
    return values, figures


RESTRICTED_ORDER = [
    "total",
    "three_public",
    "outbound_travel",
    "vehicle_total",
    "vehicle_purchase",
    "vehicle_operation",
    "reception",
    "meetings",
    "training",
]
RESTRICTED_LABELS = {
    "合计": "total",
    "因公出国(境)费": "outbound_travel",
    "公务用车购置费": "vehicle_purchase",
    "公务用车运行维护费": "vehicle_operation",
    "公务接待费": "reception",
    "会议费": "meetings",
    "培训费": "training",
}


def read_restricted(block):
    """{key: amount} of the 三公/会议费/培训费 table: columns by their lowest header label
    (the first 小计 is the 三公 subtotal, the second the vehicles'); the row of figures.
    Where the PDF gives cell positions, each figure goes to the header column it is printed
    under (some grids rule the figures in other columns than the header)."""
    placed = read_restricted_by_position(block)
    if placed is not None:
        return placed
    width = max((len(cells) for cells in block.rows), default=0)
    labels = [""] * width
    figures = None
    for cells in block.rows:
        if any(is_number(cell) for cell in cells):
            figures = cells
            continue
        for index, cell in enumerate(cells):
            if cell:
                labels[index] = normalise(cell)
    if figures is None:
        return {}
    keys, subtotals = {}, iter(["three_public", "vehicle_total"])
    for index, label in enumerate(labels):
        if label == "小计":
            keys[index] = next(subtotals, None)
        elif label in RESTRICTED_LABELS:
            keys[index] = RESTRICTED_LABELS[label]
    if set(keys.values()) >= set(RESTRICTED_ORDER):
        return {
            key: amount(figures[index], block) if index < len(figures) else None
            for index, key in keys.items()
            if key
        }
    # Header not understood: the figures in the printed order, if there are nine cells.
    cells = [cell for cell in figures if cell is not None]
    cells = cells[-len(RESTRICTED_ORDER) :]
    if len(cells) != len(RESTRICTED_ORDER):
        raise ImportRefusedError(_("%(where)s：无法识别表头。") % {"where": block.where})
    return {key: amount(cell, block) for key, cell in zip(RESTRICTED_ORDER, cells, strict=True)}


def read_restricted_by_position(block):
    """read_restricted from where the header labels and the figures are printed; None when
    positions are unknown or the header does not give the nine columns.

    A header column is the text printed top to bottom in cells of one horizontal extent
    (“因公出国” / “（境）费”); the nine leaf columns hold no other column. A figure goes to the
    leaf column it overlaps most; a fragment overlapping none, touching the figure before
    it, is the rest of that figure (“267.8” | “0”: a ruling drawn through a number)."""
    figures_at = max(
        (i for i, cells in enumerate(block.rows) if any(is_number(cell) for cell in cells)),
        default=None,
    )
    if figures_at is None or any(xs is None for xs in block.extents[: figures_at + 1]):
        return None
    columns = {}  # (x0, x1) → label
    for cells, xs in zip(block.rows[:figures_at], block.extents[:figures_at], strict=True):
        texts = [cell or "" for cell in cells]
        if any(text.startswith("部门") or re.search("单位[：:]", text) for text in texts):
            continue
        for text, extent in zip(texts, xs, strict=True):
            if text and extent is not None:
                key = (round(extent[0]), round(extent[1]))
                columns[key] = columns.get(key, "") + normalise(text)
    leaves = sorted(
        (x0, x1)
        for x0, x1 in columns
        if not any((a, b) != (x0, x1) and x0 <= a and b <= x1 for a, b in columns)
    )
    keys, subtotals = {}, iter(["three_public", "vehicle_total"])
    for leaf in leaves:
        label = columns[leaf]
        key = next(subtotals, None) if label == "小计" else RESTRICTED_LABELS.get(label)
        if key is None:
            return None
        keys[leaf] = key
    if sorted(keys.values()) != sorted(RESTRICTED_ORDER):
        return None
    printed = {}  # leaf → figure text
    previous = None
    for text, extent in zip(block.rows[figures_at], block.extents[figures_at], strict=True):
        if not text or extent is None:
            continue
        overlaps = [(min(extent[1], b) - max(extent[0], a), (a, b)) for a, b in leaves]
        overlap, leaf = max(overlaps)
        if overlap > 0 and leaf not in printed:
            printed[leaf] = text
            previous = (leaf, extent)
        elif previous is not None and abs(extent[0] - previous[1][1]) < 1:
            printed[previous[0]] += text
            previous = (previous[0], (previous[1][0], extent[1]))
        else:
            return None
    return {key: amount(printed.get(leaf, ""), block) for leaf, key in keys.items()}


PROCUREMENT_PARTS = {"货物": "goods", "工程": "works", "服务": "services"}


def read_procurement(block):
    values = {}
    for cells in block.rows:
        first = next((cell for cell in cells if cell), "")
        label = strip_ordinal(first)
        figure = last_number(cells)
        if label in TOTAL_WORDS and "total" not in values:
            values["total"] = amount(figure, block) if figure else None
        for word, key in PROCUREMENT_PARTS.items():
            if re.match(rf"^{word}[A-Z]?$", label):
                values[key] = amount(figure, block) if figure else None
    return values


#: A procurement item's 采购组织形式 (分散自行组织, 政府集中采购, 部门集中采购 …).
ORGANISATION_FORM_RE = re.compile(r"(?:采购|组织)$")
CATEGORY_RE = re.compile(r"^(货物|工程|服务)[A-Z]?$")


def read_procurement_items(block):
    """([ProcurementItem fields] in printed order, [[project, 经济科目, figure, [items]]]) of
    政府采购预算表.

    Below 合计, a category row (一、货物A) opens a category; a row of a project's 经济科目 and
    its figure opens a group (the project's name printed once over its groups); an item row
    prints its 采购物品名称 (once over the rows it spans), 采购组织形式 and figure."""
    items, groups = [], []
    category, group, started = "", None, False
    for cells in block.rows:
        texts = [cell for cell in cells if cell and not is_number(cell)]
        figure = last_number(cells)
        label = strip_ordinal(texts[0]) if texts else ""
        started = started or label in TOTAL_WORDS
        if not started or figure is None or label in TOTAL_WORDS:
            continue
        part = CATEGORY_RE.match(label)
        if part:
            category, group = PROCUREMENT_PARTS[part.group(1)], None
        elif texts and ORGANISATION_FORM_RE.search(texts[-1]) and group is not None:
            previous = group[3][-1]["catalogue"] if len(texts) < 2 and group[3] else ""
            item = {
                "category": category,
                "item": group[0],
                "economic_name": group[1],
                "catalogue": texts[-2] if len(texts) >= 2 else previous,
                "organisation_form": texts[-1],
                "amount": amount(figure, block),
            }
            group[3].append(item)
            items.append(item)
        elif texts:
            project = texts[-2] if len(texts) >= 2 else (group[0] if group else "")
            group = [project, texts[-1], amount(figure, block), []]
            groups.append(group)
    return items, groups

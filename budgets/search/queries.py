"""Search over everything the public pages show: organisations, documents, classification
codes, projects and the narrative's stated items, in published documents only.

Each kind is one counted, paginated SQL query (``count()`` and a LIMIT/OFFSET page); the
links of a page of code results take one more query per scheme. A query is split into
words (any whitespace, full-width too); every word must match, in any order and in any of
the kind's fields. A code matches its English name too (the Ministry's, which the English
pages show); organisations, regions and documents have no English names: the English pages
show them as printed, in Chinese. On PostgreSQL the matching ``UPPER(col) LIKE`` is served
by this app's GIN indexes: pg_trgm's for a word of three characters or more, and for a word
of two (教育, which has no trigram) each column's bigram index (migration 0003).

Pages the query names outright (三公, a code, a region) are offered first (``topics``).
"""

import difflib
import re
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import BooleanField, Exists, F, Func, OuterRef, Q, Value
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from budgets.classifications.models import (
    DepartmentEconomicCode,
    FunctionCode,
    GovernmentEconomicCode,
)
from budgets.disclosures.models import (
    Document,
    EconomicExpenditure,
    FunctionExpenditure,
    Project,
    Statement,
)
from budgets.organisations.models import Organisation

from .topics import topics

PUBLISHED = Document.Status.PUBLISHED
#: Longer than any name, code or title stored (Organisation.name, Document.title: 200).
LONGEST_QUERY = 200
#: Fewer characters than this find too much to be useful (one 局 or 2); asked for more.
SHORTEST_QUERY = 2
#: Results of each kind on the overview, and on a page of one kind.
OVERVIEW_SIZE = 5
PAGE_SIZE = 20
#: The overview counts each kind up to this many and says “100+” beyond: counting every
#: match of a broad word (教育局 in every department's narrative) would read every match
#: in the database on each search. A kind's own pages count them all.
OVERVIEW_COUNT_CAP = 100
#: The length of word looked up in the bigram indexes on PostgreSQL (see ``contains``).
BIGRAM = 2


@dataclass(frozen=True)
class AtLeast:
    """A count cut at the cap: more than ``cap`` found. Reads “100+”, compares and adds
    as the cap plus one, so “more than shown” and “anything found” hold."""

    cap: int

    def __int__(self):
        return self.cap + 1

    def __str__(self):
        return f"{self.cap}+"

    def __bool__(self):
        return True

    def __gt__(self, other):
        return int(self) > other

    def __lt__(self, other):
        return int(self) < other

    def __add__(self, other):
        """More than ``cap`` and ``other`` more: more than ``cap + other``."""
        return AtLeast(self.cap + int(other))

    __radd__ = __add__


def capped_count(queryset, cap=OVERVIEW_COUNT_CAP):
    """How many rows ``queryset`` has, counting no further than ``cap`` + 1 (the database
    stops scanning there): the number, or AtLeast(cap)."""
    count = queryset.order_by()[: cap + 1].count()
    return AtLeast(cap) if count > cap else count


@dataclass(frozen=True)
class Kind:
    slug: str
    label: str


KINDS = {
    "organisations": Kind("organisations", _("部门和单位")),
    "documents": Kind("documents", pgettext_lazy("搜索结果", "预算文件")),
    "codes": Kind("codes", _("科目")),
    "projects": Kind("projects", pgettext_lazy("搜索结果", "项目")),
    "statements": Kind("statements", _("说明中的事项")),
}


def words_of(query):
    """The query's words, longest first and without repeats; [] for a query nothing stored
    can match (NUL, which PostgreSQL text cannot hold, or longer than any name)."""
    query = query.strip()
    if not query or "\x00" in query or len(query) > LONGEST_QUERY:
        return []
    words = []
    for word in re.split(r"\s+", query):
        if word and word.casefold() not in {w.casefold() for w in words}:
            words.append(word)
    return sorted(words, key=len, reverse=True)


def too_short(query):
    """A query too short to search (one character, spaces aside)."""
    return 0 < len(re.sub(r"\s+", "", query)) < SHORTEST_QUERY


class HasBigrams(Func):
    """PostgreSQL: ``column`` holds every two-character piece of ``word`` (upper-cased both,
    as icontains compares them), answered from the column's bigram index. The word goes as
    a parameter; search_bigram_query makes it a tsquery in SQL, each piece quoted
    (migration 0003), so no word is read as a query's syntax."""

    def __init__(self, name, word):
        super().__init__(F(name), Value(word), output_field=BooleanField())

    def as_sql(self, compiler, connection, **extra_context):
        (column, column_params), (word, word_params) = (
            compiler.compile(expression) for expression in self.get_source_expressions()
        )
        sql = f"search_bigrams({column}) @@ search_bigram_query({word})"
        return sql, (*column_params, *word_params)


def contains(name, word):
    """A Q true where the column ``name`` holds ``word`` (icontains). On PostgreSQL the
    trigram indexes serve a word of three characters or more; a word of exactly two (教育,
    三公: most Chinese words) has no trigram for pg_trgm to look up, so it must also have
    its piece in the column's bigram index: that finds the rows by index, and the LIKE
    keeps the same rows as elsewhere. A one-character word keeps the LIKE alone: the index
    holds a text's pieces, not each of its characters (局 or 市 is in most rows anyway)."""
    found = Q(**{f"{name}__icontains": word})
    if connection.vendor == "postgresql" and len(word) == BIGRAM:
        found = Q(HasBigrams(name, word)) & found
    return found


def every_word(words, fields, extra=None):
    """A Q true where every word is in one of ``fields`` (icontains), or matches ``extra``."""
    condition = Q()
    for word in words:
        either = Q()
        for name in fields:
            either |= contains(name, word)
        if extra:
            either |= extra(word)
        condition &= either
    return condition


def highlight(text, words):
    """``text`` escaped, with each occurrence of a word (case-insensitive) in <mark>.
    Every piece is escaped before it is marked, so nothing from the data is markup."""
    text = str(text or "")
    if not words:
        return escape(text)
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    pieces, position = [], 0
    for match in pattern.finditer(text):
        pieces.append(escape(text[position : match.start()]))
        pieces.append(f"<mark>{escape(match.group())}</mark>")
        position = match.end()
    pieces.append(escape(text[position:]))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece escaped above


def excerpt(text, words, width=60):
    """A window of ``text`` around the first word found, with ellipses where cut."""
    text = re.sub(r"\s+", " ", str(text or "")).strip()
    if len(text) <= 2 * width:
        return text
    lowered = text.casefold()
    found = [lowered.find(word.casefold()) for word in words]
    found = [index for index in found if index >= 0]
    start = max(0, min(found) - width // 2) if found else 0
    end = min(len(text), start + 2 * width)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def published_exists(**lookups):
    return Exists(Document.objects.filter(status=PUBLISHED, **lookups))


# ---------------------------------------------------------------------------
# Organisations.


def organisations(words):
    """Organisations with a published document (their own or a unit's) whose name holds
    every word (a word of digits may also start the code). Only the organisation's own
    columns: an OR reaching into its department's or region's row would keep PostgreSQL
    from answering the name's words from its indexes (published names carry their
    region anyway: 宝鸡市人民政府口岸办公室)."""
    return (
        Organisation.objects.filter(
            published_exists(organisation=OuterRef("pk"))
            | published_exists(organisation__parent=OuterRef("pk"))
        )
        .filter(
            every_word(
                words,
                ["name"],
                lambda word: Q(code__startswith=word) if word.isdigit() else Q(),
            )
        )
        .select_related("region", "region__parent", "parent")
        .order_by("region__code", "code", "name", "pk")
    )


def documents_of(organisation_page):
    """{organisation pk: [published documents, latest first]} for a page, in one query."""
    found = {organisation.pk: [] for organisation in organisation_page}
    for document in Document.published.filter(organisation__in=list(found)).order_by(
        "-year", "stage", "pk"
    ):
        found[document.organisation_id].append(document)
    return found


# ---------------------------------------------------------------------------
# Documents.


def documents(words):
    """Published documents whose title holds every word (the title names the organisation,
    the year and the kind: 上海市普陀区司法局2026年单位预算, …2024年度部门决算)."""
    return (
        Document.published.filter(every_word(words, ["title"]))
        .select_related("organisation__region")
        .order_by("-year", "title", "pk")
    )


# ---------------------------------------------------------------------------
# Classification codes.


@dataclass(frozen=True)
class CodeScheme:
    key: str
    slug: str  # browse's drill-down and ranking slug
    model: type
    #: The fact model and the lookup of its code, for “a published document has it”.
    facts: type
    lookup: str


CODE_SCHEMES = (
    CodeScheme("function", "function", FunctionCode, FunctionExpenditure, "function__code"),
    CodeScheme(
        "dept_economic",
        "dept-economic",
        DepartmentEconomicCode,
        EconomicExpenditure,
        "dept_economic__code",
    ),
    CodeScheme(
        "gov_economic",
        "gov-economic",
        GovernmentEconomicCode,
        EconomicExpenditure,
        "gov_economic__code",
    ),
)
SCHEME_BY_KEY = {scheme.key: scheme for scheme in CODE_SCHEMES}


def codes(words):
    """Catalogue codes (every scheme, as one UNION query) whose code starts with a word of
    digits or whose Chinese or English name holds each word, in a year where a published
    document budgets under the code."""
    queries = []
    for scheme in CODE_SCHEMES:
        used = scheme.facts.objects.filter(
            document__status=PUBLISHED,
            document__year=OuterRef("year"),
            **{f"{scheme.lookup}__startswith": OuterRef("code")},
        )
        queries.append(
            scheme.model.objects.filter(
                every_word(
                    words,
                    ["name", "name_en"],
                    lambda word: Q(code__startswith=word) if word.isdigit() else Q(),
                )
            )
            .filter(Exists(used))
            .annotate(scheme=Value(scheme.key))
            .values_list("scheme", "code", "name", "name_en", "year")
            .order_by()
        )
    first, *others = queries
    return first.union(*others, all=True).order_by("scheme", "code", "-year")


@dataclass
class CodeResult:
    scheme: CodeScheme
    code: str
    name: str
    name_en: str
    year: int
    ranking_url: str
    #: [(document, drill-down url)] of the published documents budgeting under the code.
    documents: list = field(default_factory=list)


def code_results(rows):
    """A page of (scheme, code, name, English name, year) rows with their links: one query
    per scheme."""
    results = [
        CodeResult(
            SCHEME_BY_KEY[key],
            code,
            name,
            name_en,
            year,
            reverse(
                "browse:ranking",
                kwargs={"scheme": SCHEME_BY_KEY[key].slug, "year": year, "code": code},
            ),
        )
        for key, code, name, name_en, year in rows
    ]
    for scheme in CODE_SCHEMES:
        mine = [result for result in results if result.scheme is scheme]
        if not mine:
            continue
        condition = Q()
        for result in mine:
            condition |= Q(
                document__year=result.year, **{f"{scheme.lookup}__startswith": result.code}
            )
        pairs = (
            scheme.facts.objects.filter(condition, document__status=PUBLISHED)
            .values_list("document_id", scheme.lookup)
            .distinct()
        )
        codes_of = {}
        for document_id, code in pairs:
            codes_of.setdefault(document_id, set()).add(code)
        documents = Document.objects.filter(pk__in=list(codes_of)).select_related("organisation")
        documents = sorted(documents, key=lambda d: (d.organisation.name, d.scope, d.pk))
        for result in mine:
            for document in documents:
                if document.year == result.year and any(
                    code.startswith(result.code) for code in codes_of[document.pk]
                ):
                    url = reverse(
                        "browse:drill_code",
                        kwargs={
                            "organisation": document.organisation_id,
                            "year": document.year,
                            "stage": document.stage,
                            "scheme": scheme.slug,
                            "code": result.code,
                        },
                    )
                    result.documents.append((document, url))
    return results


# ---------------------------------------------------------------------------
# Projects and stated items.


def projects(words):
    return (
        Project.objects.filter(document__status=PUBLISHED)
        .filter(every_word(words, ["name", "description", "summary"]))
        .select_related("document__organisation", "organisation")
        .order_by("-document__year", "document__organisation__name", "position", "pk")
    )


def statements(words):
    return (
        Statement.objects.filter(document__status=PUBLISHED)
        .filter(every_word(words, ["subject", "quote"]))
        .select_related("document__organisation")
        .order_by("-document__year", "document__organisation__name", "position", "pk")
    )


QUERIES = {
    "organisations": organisations,
    "documents": documents,
    "codes": codes,
    "projects": projects,
    "statements": statements,
}


# ---------------------------------------------------------------------------
# Near matches, for a query that finds nothing.


def near_matches(query, limit=5):
    """Names close to ``query``: trigram similarity on PostgreSQL, difflib elsewhere."""
    query = query.strip()
    if not query:
        return []
    organisation_names = Organisation.objects.filter(
        published_exists(organisation=OuterRef("pk"))
        | published_exists(organisation__parent=OuterRef("pk"))
    )
    years = Document.published.values("year")
    code_names = FunctionCode.objects.filter(year__in=years)
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import TrigramWordSimilarity

        found = []
        for queryset in (organisation_names, code_names):
            found += list(
                queryset.annotate(similarity=TrigramWordSimilarity(query, "name"))
                .filter(similarity__gte=0.2)
                .order_by("-similarity", "name")
                .values_list("name", "similarity")[: limit * 2]
            )
        names = []
        for name, _similarity in sorted(found, key=lambda item: -item[1]):
            if name not in names:
                names.append(name)
        return names[:limit]
    names = set(organisation_names.values_list("name", flat=True))
    names |= set(code_names.values_list("name", flat=True).distinct())
    return difflib.get_close_matches(query, sorted(names), n=limit, cutoff=0.3)


# ---------------------------------------------------------------------------
# The whole search.


@dataclass
class Group:
    kind: Kind
    count: object  # an int, or AtLeast(cap) on the overview
    page: object  # a django Page (its object_list is the page's results)
    results: list


@dataclass
class Search:
    query: str
    words: list
    kind: str = ""
    groups: list = field(default_factory=list)
    #: Pages the query names (``topics.Topic``), offered before the results.
    topics: list = field(default_factory=list)
    too_short: bool = False
    suggestions: list = field(default_factory=list)

    @property
    def total(self):
        """The groups' counts added: an int, or AtLeast where a count was cut at the cap."""
        return sum((group.count for group in self.groups), 0)

    @property
    def total_is_cut(self):
        return isinstance(self.total, AtLeast)


def search(query, kind="", page=1):
    """Every kind's count and first results, or one kind's page ``page``."""
    found = Search(query=query.strip(), words=words_of(query), kind=kind if kind in KINDS else "")
    if too_short(query):
        found.too_short = True
        return found
    if not found.words:
        return found
    words = found.words
    size = PAGE_SIZE if found.kind else OVERVIEW_SIZE
    for slug in [found.kind] if found.kind else list(KINDS):
        paginator = Paginator(QUERIES[slug](words), size)
        if found.kind:
            current = paginator.get_page(page)
            count = paginator.count
        else:  # the first few of each kind, counted up to the cap
            count = capped_count(paginator.object_list)
            current = Page(list(paginator.object_list[:size]) if count else [], 1, paginator)
        rows = list(current.object_list)
        if slug == "codes":
            rows = code_results(rows)
        elif slug == "organisations":
            documents = documents_of(rows)
            rows = [(organisation, documents[organisation.pk]) for organisation in rows]
        found.groups.append(Group(KINDS[slug], count, current, rows))
    if not found.kind:
        found.topics = topics(found.query, words, CODE_SCHEMES)
    if not found.total:
        found.suggestions = near_matches(found.query)
    return found

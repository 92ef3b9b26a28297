"""Pages a query names outright (“直达”): the 三公 pages of a region's years, a code's
ranking, a region's page. Offered above the results, which still list every match.

Each finder takes a few small queries over published documents, so a page is offered
only where it has something to show.
"""

import re
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from budgets.disclosures.models import Document
from budgets.organisations.models import Region

BUDGET = Document.Stage.BUDGET
#: What names the 三公 pages: 三公, 三公经费, “三公”经费, and the English site's words.
THREE_PUBLIC = re.compile(r"三公|three[\s-]*public", re.IGNORECASE)
#: Words that only say “三公” (dropped before the rest of the query names a region).
THREE_PUBLIC_WORDS = {"三公", "三公经费", "经费", "three", "public", "expense", "expenses"}
QUOTES = str.maketrans("", "", "“”\"'‘’")
#: The lengths of a code's digits (类, 款, 项).
CODE_LENGTHS = (3, 5, 7)


@dataclass
class Topic:
    """A page to go straight to: ``label`` (``label_en`` on English pages, where there is
    one) links to ``url``; ``years`` to the same page of each year [(year, url)], latest
    first."""

    kind: str
    label: str
    url: str
    years: list = field(default_factory=list)
    label_en: str = ""


def topics(query, words, code_schemes):
    """Every page ``query`` names, 三公 first, then codes, then regions."""
    words = [word.translate(QUOTES) for word in words]
    regions = named_regions(words)
    return (
        three_public_pages(query, words, regions)
        + code_pages(query, words, code_schemes)
        + region_pages(words, regions)
    )


# ---------------------------------------------------------------------------
# Regions.


def region_words(words):
    """The words that could name a region: not 三公's, not digits, two characters or more."""
    return [
        word
        for word in words
        if len(word) >= 2
        and not word.isdigit()
        and word.casefold() not in THREE_PUBLIC_WORDS
        and not THREE_PUBLIC.search(word)
    ]


def budget_years():
    """{region pk: {year, …}} of the published budgets, by their organisation's region."""
    years = {}
    for region_id, year in (
        Document.published.filter(stage=BUDGET)
        .values_list("organisation__region", "year")
        .distinct()
    ):
        years.setdefault(region_id, set()).add(year)
    return years


def named_regions(words):
    """Regions whose name holds one of ``words`` and which hold published budgets (theirs
    or a region's under them): {region: [year, …]}, latest year first (three queries)."""
    names = Q()
    for word in region_words(words):
        names |= Q(name__icontains=word)
    regions = list(Region.objects.filter(names).order_by("code")) if names else []
    if not regions:
        return {}
    parents = dict(Region.objects.values_list("pk", "parent_id"))
    years = {}
    for region_id, held in budget_years().items():
        while region_id is not None:  # a region's budgets count in every region above it
            years.setdefault(region_id, set()).update(held)
            region_id = parents.get(region_id)
    return {
        region: sorted(years[region.pk], reverse=True) for region in regions if region.pk in years
    }


def holding_regions():
    """The regions whose own organisations publish budgets: {region: [year, …]}."""
    years = budget_years()
    return {
        region: sorted(years[region.pk], reverse=True)
        for region in Region.objects.filter(pk__in=list(years)).order_by("code")
    }


def asked_years(words):
    return {int(word) for word in words if re.fullmatch(r"(19|20)\d\d", word)}


def region_pages(words, regions):
    """The page of each of ``regions`` (``named_regions``), or its year's page where the
    query names a year it has."""
    found = []
    wanted = asked_years(words)
    for region, years in regions.items():
        chosen = [year for year in years if year in wanted]
        if chosen:
            url = reverse("regions:year", args=[region.code, chosen[0]])
            found.append(Topic(pgettext_lazy("直达", "地区"), f"{region.name} {chosen[0]}", url))
        else:
            url = reverse("regions:region", args=[region.code])
            found.append(Topic(pgettext_lazy("直达", "地区"), region.name, url))
    return found


# ---------------------------------------------------------------------------
# 三公.


def three_public_pages(query, words, regions):
    """The 三公 page of each of ``regions`` the rest of the query names (else of each
    region whose organisations publish budgets), every year linked, latest first."""
    if not THREE_PUBLIC.search(query.translate(QUOTES)):
        return []
    regions = regions or holding_regions()
    wanted = asked_years(words)
    found = []
    for region, years in regions.items():
        years = [year for year in years if year in wanted] or years
        links = [
            (year, reverse("regions:three_public", args=[region.code, year])) for year in years
        ]
        found.append(Topic(_("“三公”经费"), region.name, links[0][1], links))
    return found


# ---------------------------------------------------------------------------
# Codes.


def code_pages(query, words, code_schemes):
    """The ranking of each code a word of digits is (3, 5 or 7 digits), or whose name the
    query is (教育支出, Education), in the latest year a published document budgets under
    it; its other years linked."""
    digits = [word for word in words if word.isdigit() and len(word) in CODE_LENGTHS]
    name = query.strip().translate(QUOTES)
    found = []
    for scheme in code_schemes:
        named = Q(code__in=digits)
        if name:
            named |= Q(name__in=[name, f"{name}支出"]) | Q(name_en__iexact=name)
        used = scheme.facts.objects.filter(
            document__status=Document.Status.PUBLISHED,
            document__year=OuterRef("year"),
            **{f"{scheme.lookup}__startswith": OuterRef("code")},
        )
        rows = (
            scheme.model.objects.filter(named)
            .filter(Exists(used))
            .order_by("code", "-year")
            .values_list("code", "name", "name_en", "year")
        )
        found += scheme_topics(scheme, rows)
    return found


def scheme_topics(scheme, rows):
    """One Topic per code of ``rows`` (code, name, English name, year; latest year first):
    the latest year's names."""
    by_code = {}
    for code, name, name_en, year in rows:
        url = reverse("browse:ranking", kwargs={"scheme": scheme.slug, "year": year, "code": code})
        by_code.setdefault(code, (name, name_en, []))[2].append((year, url))
    return [
        Topic(
            pgettext_lazy("直达", "科目"),
            f"{code} {name}",
            links[0][1],
            links,
            label_en=f"{code} {name_en}" if name_en else "",
        )
        for code, (name, name_en, links) in by_code.items()
    ]

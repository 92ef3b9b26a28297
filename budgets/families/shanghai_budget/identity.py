"""What a Shanghai budget PDF is, read from its cover."""

from budgets.importers.narrative import read_cover
from budgets.importers.pdf import ImportRefusedError
from budgets.importers.places import SHANGHAI_DISTRICTS
from budgets.importers.registry import Identity, Region

from .layout import SHANGHAI_DISTRICT


def identify(content):
    """The Identity of a Shanghai-template PDF from its cover; None if it is not one."""
    try:
        cover = read_cover(content.pages, SHANGHAI_DISTRICTS)
    except ImportRefusedError:
        return None
    return Identity(
        template=SHANGHAI_DISTRICT.code,
        organisation=cover.owner,
        year=cover.year,
        stage="budget",
        scope=cover.scope,
    )


def regions_of(cover):
    """上海市, and the district below it for a 区级 document; a 市级 document's
    organisation sits in 上海市 itself."""
    regions = [Region("310000", "上海市", "province")]
    if cover.district:
        regions.append(Region(SHANGHAI_DISTRICTS[cover.district], cover.district, "district"))
    return regions

"""Every rule of the checker, by id: each module of ``checks`` declares its own (``RULES``)."""

from dataclasses import dataclass

from django.utils.translation import gettext as _

from budgets.importers import registry

from .base import EVERY_FAMILY, PARSED, REFUSED, SEVERITIES, TEXT, Rule
from .checks import (
    breakdowns,
    changes,
    codes,
    contents,
    headers,
    imported,
    percentages,
    placeholders,
    reading,
    targets,
    typos,
    years,
)

MODULES = (
    placeholders,
    years,
    headers,
    changes,
    percentages,
    contents,
    typos,
    breakdowns,
    imported,
    targets,
    codes,
    reading,
)
RULES = {rule.id: rule for module in MODULES for rule in module.RULES}


def all_rules():
    """Every rule, by id: the text rules' T… first, then the A… and P… of what the reader
    read, then the reader's own R…."""
    return sorted(RULES.values(), key=lambda rule: (not rule.id.startswith("T"), rule.id))


def applicable(family, needs=TEXT):
    """The rules that run on a document of ``family`` (None: unidentified) at ``needs``."""
    return [rule for rule in all_rules() if rule.needs == needs and rule.applies_to(family)]


@dataclass(frozen=True)
class Described:
    """A rule as the rules page shows it."""

    rule: Rule
    severity: str
    #: Where it runs: the families' template names, or every template.
    templates: list
    #: When it runs: on the text, on what the reader read, or on its refusal.
    when: str


def described():
    """Every rule with its severity, templates and stage in the reader's language."""
    names = {
        family.code: str(family.reader.name) if family.reader else family.code
        for family in registry.families()
    }
    when = {
        TEXT: _("总是（读文字）"),
        PARSED: _("能按模板读出表格时"),
        REFUSED: _("不能按模板读出表格时"),
    }
    return [
        Described(
            rule,
            str(SEVERITIES[rule.severity]),
            [_("全部模板")]
            if rule.families == EVERY_FAMILY
            else [names.get(code, code) for code in rule.families],
            when[rule.needs],
        )
        for rule in all_rules()
    ]

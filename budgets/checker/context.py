"""What a rule is given: one document's text, what it says it is, and what the reader made
of it."""

from dataclasses import dataclass

from budgets.disclosures.models import Document
from budgets.importers import registry

from .text import Text


@dataclass
class Context:
    #: The document as a person names it (``registry.DocumentGroup.label``).
    label: str
    #: What its cover says it is (``registry.Identity``), or None when no reader knew it.
    identity: object
    #: ``registry.Family.code`` of its template, or None.
    family: str | None
    text: Text
    #: The reader's checked document, when the reader read it.
    parsed: object = None
    #: Why it could not be read (unidentified, parts missing, the reader's refusal), or "".
    refusal: str = ""
    #: Whether its files make the whole document (not one part of a two-file document).
    complete: bool = True

    @property
    def year(self):
        return self.identity.year if self.identity else None

    @property
    def organisation(self):
        return self.identity.organisation if self.identity else None

    @property
    def is_final_accounts(self):
        return bool(self.identity) and self.identity.stage == Document.Stage.FINAL_ACCOUNTS


def family_of(identity):
    """The code of the family whose templates include ``identity``'s, or None."""
    if identity is None:
        return None
    for family in registry.families():
        if identity.template in family.templates:
            return family.code
    return None

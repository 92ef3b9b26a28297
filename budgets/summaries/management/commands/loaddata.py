"""Django's ``loaddata``, keeping the pages' figures: fixtures are saved raw (no
``save()``, no workflow), so the documents they load or change are summarised
(``kept.summarise``) in the same transaction, once everything is loaded. Each natural key
is looked up once per run (``budgets.natural_keys``): the fixtures refer to a few dozen
documents, organisations and tables thousands of times."""

from django.core.management.commands import loaddata
from django.db import transaction
from django.db.models.signals import post_save

from budgets.disclosures.models import Document, DocumentFact
from budgets.natural_keys import remembered

from ...kept import summarise


class Command(loaddata.Command):
    def handle(self, *fixture_labels, **options):
        loaded = set()

        def note(sender, instance, raw=False, **kwargs):
            if isinstance(instance, Document):
                loaded.add(instance.pk)
            elif isinstance(instance, DocumentFact):
                loaded.add(instance.document_id)

        post_save.connect(note, weak=False, dispatch_uid="summaries-loaddata")
        try:
            with transaction.atomic(using=options["database"]), remembered():
                super().handle(*fixture_labels, **options)
                summarise(loaded)
        finally:
            post_save.disconnect(dispatch_uid="summaries-loaddata")

"""Django's ``loaddata``, each natural key looked up once per run (``budgets.natural_keys``):
the fixtures refer to a few dozen documents, organisations and tables thousands of times."""

from django.core.management.commands import loaddata

from budgets.natural_keys import remembered


class Command(loaddata.Command):
    def handle(self, *fixture_labels, **options):
        with remembered():
            return super().handle(*fixture_labels, **options)

"""loaddata looks each natural key up once per run, and nothing is remembered after it."""

import pytest
from django.core.management import call_command

from budgets.disclosures.models import Document
from budgets.natural_keys import remembered

pytestmark = pytest.mark.django_db

KEY = ("610300", "unit", "宝鸡市人民政府口岸办公室", 2023, "budget", "unit")


@pytest.fixture
def baoji(db):
    call_command("loaddata", "templates", "baoji_2023", verbosity=0)


def test_a_key_is_looked_up_once_while_remembered(baoji, django_assert_num_queries):
    with remembered():
        with django_assert_num_queries(2):  # the organisation, then the document
            first = Document.objects.get_by_natural_key(*KEY)
        with django_assert_num_queries(0):
            assert Document.objects.get_by_natural_key(*KEY) is first


def test_nothing_is_remembered_outside_a_run(baoji, django_assert_num_queries):
    with remembered():
        Document.objects.get_by_natural_key(*KEY)
    with django_assert_num_queries(2):
        Document.objects.get_by_natural_key(*KEY)
    Document.objects.all().delete()
    with remembered(), pytest.raises(Document.DoesNotExist):
        Document.objects.get_by_natural_key(*KEY)


def test_loaddata_remembers_during_its_run(db, django_assert_max_num_queries):
    """The committed 上海 fixture: a query per distinct key, not per reference (5,826
    queries in all, most of them the saves; more than 9,000 without)."""
    call_command("loaddata", "templates", verbosity=0)
    with django_assert_max_num_queries(6500):
        call_command("loaddata", "shanghai_putuo", verbosity=0)

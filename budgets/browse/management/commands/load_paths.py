"""python manage.py load_paths: one path a line for a load test to request in turn.

Every public page type (``pages.sample_pages``), the downloads (one table as CSV and
XLSX, a document's whole workbook) and the JSON API (list, document, table), for one
document of each template and scope among the published ones in the database.
"""

from django.core.management.base import BaseCommand
from django.urls import reverse
from django.utils.encoding import iri_to_uri

from budgets.browse import data
from budgets.browse.management.pages import sample_pages


def download_and_api_paths():
    paths = [reverse("api:documents")]
    seen = set()
    for document in data.published_documents().order_by("template__code", "scope", "-year"):
        if (document.template_id, document.scope) in seen:
            continue
        seen.add((document.template_id, document.scope))
        args = {"organisation": document.organisation_id, "year": document.year}
        paths += [
            reverse("browse:table_csv", kwargs={**args, "position": 1}),
            reverse("browse:table_xlsx", kwargs={**args, "position": 1}),
            reverse("browse:document_xlsx", kwargs=args),
            reverse("api:document", args=[document.pk]),
            reverse("api:table", kwargs={"pk": document.pk, "n": 1}),
        ]
    return paths


class Command(BaseCommand):
    help = "列出负载测试依次请求的路径：每种公开页面、下载与接口各一。"

    def handle(self, *args, **options):
        for path in [path for _name, path in sample_pages()] + download_and_api_paths():
            self.stdout.write(iri_to_uri(path))

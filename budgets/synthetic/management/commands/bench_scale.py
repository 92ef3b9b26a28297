"""Per page type: p50/p95 uncached and cached, bare SQL time and ratio, query count.

    python manage.py bench_scale [--repeat 7] [--paths-file FILE]

Requests go through Django's test client against the configured database (run
``generate_synthetic`` first). Uncached: the page cache off. Cached: on, after one warm-up
request. Bare SQL: the uncached request's own queries run again on their own.
``--paths-file`` writes "name path" lines for bench/run.sh's wrk runs.
"""

import statistics
import time

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count
from django.db.models.functions import Substr
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.encoding import iri_to_uri

from budgets.disclosures.models import Document, FunctionExpenditure


def page_types():
    """[(page type, path)] on the synthetic province, each at its largest: the region's
    pages at its year with the most budgets, the ranking at the busiest year and scope."""
    busiest = (
        Document.published.filter(organisation__synthetic=True, stage="budget")
        .values("organisation__region__code", "year")
        .annotate(count=Count("pk"))
        .order_by("-count", "organisation__region__code", "year")
        .first()
    )
    if busiest is None:
        raise CommandError("没有合成数据：请先运行 generate_synthetic。")
    region, year = busiest["organisation__region__code"], busiest["year"]
    document = (
        Document.published.filter(
            organisation__synthetic=True, stage="budget", organisation__region__code=region
        )
        .select_related("organisation")
        .order_by("-year", "pk")
        .first()
    )
    args = {"organisation": document.organisation_id, "year": document.year}
    code = (
        FunctionExpenditure.objects.filter(document=document)
        .values_list("function__code", flat=True)
        .order_by("function__code")
        .first()
    )
    # the ranking: the busiest year and scope, its most widely budgeted 类 (a full page)
    ranked = (
        Document.published.filter(organisation__synthetic=True, stage="budget")
        .values("year", "scope")
        .annotate(count=Count("pk"))
        .order_by("-count", "year", "scope")
        .first()
    )
    widest = (
        FunctionExpenditure.objects.filter(
            document__in=Document.published.filter(
                organisation__synthetic=True,
                stage="budget",
                year=ranked["year"],
                scope=ranked["scope"],
            )
        )
        .values(klass=Substr("function__code", 1, 3))
        .annotate(documents=Count("document", distinct=True))
        .order_by("-documents", "klass")
        .first()
    )
    ranking = reverse(
        "browse:ranking",
        kwargs={"scheme": "function", "year": ranked["year"], "code": widest["klass"]},
    )
    return [
        # the synthetic region's departments (the real fixtures' regions come first)
        ("home", reverse("browse:home") + f"?region={region}"),
        ("region", reverse("regions:region", args=[region])),
        ("region-year", reverse("regions:year", args=[region, year])),
        ("three-public", reverse("regions:three_public", args=[region, year])),
        ("ranking", f"{ranking}?scope={ranked['scope']}"),
        ("search", reverse("browse:search") + "?q=教育局"),
        ("organisation-year", reverse("browse:document", kwargs=args)),
        (
            "drill-down",
            reverse("browse:drill_code", kwargs={**args, "scheme": "function", "code": code[:3]}),
        ),
        ("official-tables", reverse("browse:tables", kwargs=args)),
        ("api-list", reverse("api:documents")),
        ("api-table", reverse("api:table", args=[document.pk, 1])),
    ]


def timed(client, path):
    started = time.perf_counter()
    response = client.get(path)
    return (time.perf_counter() - started) * 1000, response


def bare_sql_ms(queries):
    started = time.perf_counter()
    with connection.cursor() as cursor:
        for query in queries:
            cursor.execute(query["sql"])
            if cursor.description:
                cursor.fetchall()
    return (time.perf_counter() - started) * 1000


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = "Time every page type uncached and cached on the synthetic province."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=7)
        parser.add_argument("--paths-file")

    def handle(self, *args, **options):
        client = Client(HTTP_HOST="127.0.0.1")
        repeat = options["repeat"]
        pages = page_types()
        if options["paths_file"]:
            with open(options["paths_file"], "w") as handle:
                for name, path in pages:
                    handle.write(f"{name} {iri_to_uri(path)}\n")
        self.stdout.write(
            f"{'page':<18} {'status':>6} {'queries':>7} {'unc p50':>8} {'unc p95':>8} "
            f"{'cached p50':>10} {'cached p95':>10} {'SQL ms':>7} {'ratio':>6}"
        )
        for name, path in pages:
            uncached, sql = [], []
            with override_settings(PUBLIC_CACHE=False):
                for _round in range(repeat):
                    with CaptureQueriesContext(connection) as queries:
                        ms, response = timed(client, path)
                    uncached.append(ms)
                    sql.append(bare_sql_ms(queries.captured_queries))
            count = len(queries.captured_queries)
            cached = []
            with override_settings(PUBLIC_CACHE=True):
                cache.clear()
                timed(client, path)
                for _round in range(repeat):
                    ms, _response = timed(client, path)
                    cached.append(ms)
            p50, sql50 = statistics.median(uncached), statistics.median(sql)
            self.stdout.write(
                f"{name:<18} {response.status_code:>6} {count:>7} {p50:>8.1f} "
                f"{p95(uncached):>8.1f} {statistics.median(cached):>10.1f} {p95(cached):>10.1f} "
                f"{sql50:>7.1f} {p50 / sql50 if sql50 else 0:>6.1f}"
            )

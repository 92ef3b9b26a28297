"""Per page type: p50/p95 uncached and cached, bare SQL time and ratio, query count,
rows read.

    python manage.py bench_scale [--repeat 7] [--paths-file FILE] [--save F] [--against F]

Requests go through Django's test client against the configured database (run
``generate_synthetic`` first). Uncached: the page cache off. Cached: on, after one warm-up
request. Bare SQL: the uncached request's own queries run again on their own. Rows read
(PostgreSQL): the rows the page's queries *scan*, not those they return — each query run
again under ``EXPLAIN (ANALYZE, FORMAT JSON)``, each table scan's rows (those it passed on
plus those its filter or recheck removed) times its loops, index-only scans included.
``--paths-file`` writes "name path" lines for bench/run.sh's wrk runs; ``--save`` writes
the figures as JSON; ``--against`` measures the pages of an earlier ``--save`` (the same
URLs) and adds each figure's ratio to that run's.
"""

import json
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

FINAL = Document.Stage.FINAL_ACCOUNTS


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
        *final_accounts_pages(),
    ]


def final_accounts_pages():
    """The 决算 pages: an organisation's execution page (its 决算 against its budget) and
    its region's 决算 page at the region's year with the most 决算 (none without 决算)."""
    busiest = (
        Document.published.filter(organisation__synthetic=True, stage=FINAL)
        .values("organisation__region__code", "year")
        .annotate(count=Count("pk"))
        .order_by("-count", "organisation__region__code", "-year")
        .first()
    )
    if busiest is None:
        return []
    region, year = busiest["organisation__region__code"], busiest["year"]
    finals = Document.published.filter(
        organisation__synthetic=True, stage=FINAL, organisation__region__code=region, year=year
    ).order_by("pk")
    # one its budget of the same year stands beside, where there is one
    paired = finals.filter(
        organisation__documents__stage="budget", organisation__documents__year=year
    )
    final = paired.first() or finals.first()
    args = {"organisation": final.organisation_id, "year": year}
    return [
        ("execution", reverse("execution:organisation_year", kwargs=args)),
        ("region-execution", reverse("execution:region_year", args=[region, year])),
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


#: Plan nodes that read a table's rows (a bitmap's index scan only finds them).
TABLE_SCANS = {"Seq Scan", "Index Scan", "Index Only Scan", "Bitmap Heap Scan", "Tid Scan"}


def rows_read(queries):
    """PostgreSQL: the rows the queries' table scans read (see the module's docstring);
    None elsewhere."""
    if connection.vendor != "postgresql":
        return None
    total = 0
    with connection.cursor() as cursor:
        for query in queries:
            if not query["sql"].lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + query["sql"])
            plan = cursor.fetchone()[0]
            total += scanned(
                json.loads(plan)[0]["Plan"] if isinstance(plan, str) else plan[0]["Plan"]
            )
    return total


def scanned(node):
    own = 0
    if node["Node Type"] in TABLE_SCANS:
        rows = node["Actual Rows"] + node.get("Rows Removed by Filter", 0)
        own = (rows + node.get("Rows Removed by Index Recheck", 0)) * node["Actual Loops"]
    return own + sum(scanned(child) for child in node.get("Plans", []))


def p95(values):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


class Command(BaseCommand):
    help = "Time every page type uncached and cached on the synthetic province."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=7)
        parser.add_argument("--paths-file")
        parser.add_argument("--save", help="write the figures to this JSON file")
        parser.add_argument("--against", help="measure the URLs of an earlier --save, with ratios")

    def handle(self, *args, **options):
        earlier = None
        if options["against"]:
            with open(options["against"]) as handle:
                earlier = json.load(handle)
            pages = [(name, figures["path"]) for name, figures in earlier.items()]
        else:
            pages = page_types()
        if options["paths_file"]:
            with open(options["paths_file"], "w") as handle:
                for name, path in pages:
                    handle.write(f"{name} {iri_to_uri(path)}\n")
        self.stdout.write(header(earlier))
        found = {}
        for name, path in pages:
            found[name] = measure(path, options["repeat"])
            self.stdout.write(line(name, found[name], earlier and earlier[name]))
        if options["save"]:
            with open(options["save"], "w") as handle:
                json.dump(found, handle, indent=1)


def measure(path, repeat):
    client = Client(HTTP_HOST="127.0.0.1")
    uncached, sql = [], []
    with override_settings(PUBLIC_CACHE=False):
        for _round in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                ms, response = timed(client, path)
            uncached.append(ms)
            sql.append(bare_sql_ms(queries.captured_queries))
    # now: every request (the cached ones next) empties the connection's query log
    captured = queries.captured_queries
    rows = rows_read(captured)
    cached = []
    with override_settings(PUBLIC_CACHE=True):
        cache.clear()
        timed(client, path)
        for _round in range(repeat):
            ms, _response = timed(client, path)
            cached.append(ms)
    return {
        "path": path,
        "status": response.status_code,
        "queries": len(captured),
        "rows": rows,
        "p50": statistics.median(uncached),
        "p95": p95(uncached),
        "cached_p50": statistics.median(cached),
        "cached_p95": p95(cached),
        "sql": statistics.median(sql),
    }


def header(earlier):
    columns = (
        f"{'page':<18} {'status':>6} {'queries':>7} {'rows read':>10} {'unc p50':>8} "
        f"{'unc p95':>8} {'cached p50':>10} {'cached p95':>10} {'SQL ms':>7} {'ratio':>6}"
    )
    if earlier:
        columns += (
            f" {'queries then':>12} {'rows then':>10} {'p50 then':>8} {'× p50':>6} {'× rows':>6}"
        )
    return columns


def line(name, f, then):
    rows = f["rows"] if f["rows"] is not None else "-"
    text = (
        f"{name:<18} {f['status']:>6} {f['queries']:>7} {rows:>10} "
        f"{f['p50']:>8.1f} {f['p95']:>8.1f} {f['cached_p50']:>10.1f} {f['cached_p95']:>10.1f} "
        f"{f['sql']:>7.1f} {f['p50'] / f['sql'] if f['sql'] else 0:>6.1f}"
    )
    if then:
        rows = f"{f['rows'] / then['rows']:>6.2f}" if then["rows"] else f"{'-':>6}"
        text += (
            f" {then['queries']:>12} {then['rows'] if then['rows'] is not None else '-':>10} "
            f"{then['p50']:>8.1f} {f['p50'] / then['p50']:>6.2f} {rows}"
        )
    return text

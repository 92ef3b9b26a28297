"""Every region-year's bulk download, written to a folder.

    python manage.py export_bulk --out DIR [--format csv|xlsx|parquet ...] [--region CODE]

One file per region and year and format (all three unless ``--format`` names some), named
as the site's downloads are: ``<code>-<name>-<year>.csv.zip`` and so on. Each region-year
is the region's own organisations' published documents, so no document is written twice;
``--region CODE`` writes that region with every region under it, as its page's download.
"""

import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db.models import Count

from budgets.disclosures.models import Document
from budgets.organisations.models import Region
from budgets.regions.queries import family

from ... import builder


class Command(BaseCommand):
    help = "Write the bulk download (CSV zip, XLSX, Parquet) of every region and year."

    def add_arguments(self, parser):
        parser.add_argument("--out", required=True, help="folder to write to")
        parser.add_argument(
            "--format",
            action="append",
            choices=builder.FORMATS,
            dest="formats",
            help="a format to write (repeatable; default all three)",
        )
        parser.add_argument("--region", help="only this region (with the regions under it)")

    def handle(self, *args, out, formats, region, **options):
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        for place, year, count in self.region_years(region):
            for fmt in formats or builder.FORMATS:
                path = folder / builder.file_name(place, year, fmt)
                started = time.perf_counter()
                builder.build(place, year, fmt, path)
                self.stdout.write(
                    f"{path.name}: {count} 份文件, {path.stat().st_size:,} 字节, "
                    f"{time.perf_counter() - started:.1f} s"
                )

    def region_years(self, code):
        """[(region, year, published documents)] to write."""
        if code:
            place = Region.objects.filter(code=code).first()
            if place is None:
                raise CommandError(f"没有这个地区：{code}")
            rows = (
                Document.published.filter(organisation__region__in=family(place))
                .values("year")
                .annotate(count=Count("pk"))
                .order_by("year")
            )
            return [(place, row["year"], row["count"]) for row in rows]
        rows = (
            Document.published.values("organisation__region", "year")
            .annotate(count=Count("pk"))
            .order_by("organisation__region__code", "year")
        )
        regions = Region.objects.in_bulk([row["organisation__region"] for row in rows])
        return [(regions[row["organisation__region"]], row["year"], row["count"]) for row in rows]

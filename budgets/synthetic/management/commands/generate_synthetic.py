"""python manage.py generate_synthetic --organisations N --years Y [--regions R] [--seed S]

Builds a synthetic province (合成省S) for load tests: departments and units in R regions,
each publishing Y years of budgets, and where its template has them (上海) Y years of 决算,
copied from the committed real documents with their projects and performance targets (see
budgets/synthetic/generate.py). Never loaded by default. Running it again with the same
seed first removes that seed's province, so the database ends the same.
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from budgets.synthetic.generate import Generator


class Command(BaseCommand):
    help = "生成合成的省级预算数据（合成数据，仅供压力测试），同一种子重复运行结果相同。"

    def add_arguments(self, parser):
        parser.add_argument("--organisations", type=int, default=None)
        parser.add_argument("--years", type=int, default=3)
        parser.add_argument("--regions", type=int, default=3)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--facts",
            type=int,
            default=None,
            help="build departments until about this many fact rows are written "
            "(instead of --organisations)",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args, **options):
        organisations, facts = options["organisations"], options["facts"]
        if (organisations is None) == (facts is None):
            raise CommandError("请给出 --organisations N 或 --facts N（二者之一）。")
        if options["years"] < 1 or options["regions"] < 1 or options["regions"] > 999:
            raise CommandError("--years 至少为1，--regions 在1到999之间。")
        progress = tqdm(
            total=facts or organisations,
            unit=" facts" if facts else " orgs",
            disable=options["no_progress"] or options["verbosity"] == 0,
            mininterval=1,
        )
        generator = Generator(
            organisations=organisations,
            years=options["years"],
            regions=options["regions"],
            seed=options["seed"],
            facts=facts,
            progress=progress,
        )
        with transaction.atomic():
            result = generator.run()
        progress.close()
        from budgets.caching.version import bump

        bump()
        rate = result["rows"] / result["write_seconds"] if result["write_seconds"] else 0
        if options["verbosity"]:
            self.stdout.write(
                f"synthetic province seed {options['seed']}: {result['organisations']} "
                f"organisations, {result['documents']} documents ({result['final_documents']} "
                f"决算), {result['fact_rows']} fact rows ({result['rows']} rows in all) in "
                f"{result['seconds']:.1f} s; writing {result['write_seconds']:.1f} s = "
                f"{rate:,.0f} rows/s; kept figures {result['summarise_seconds']:.1f} s"
                + (
                    f"; removed {result['deleted_regions']} regions of the earlier run"
                    if result["deleted_regions"]
                    else ""
                )
            )

#!/bin/sh
# Mutation testing of the code that decides whether figures are right: mutmut changes one
# thing at a time in it (a + into a -, a < into a <=, a string, a None) and runs the fast
# unit tests against each change; a change no test notices ("survived") is a gap in the
# tests, unless it cannot change behaviour. Prints the share of mutants killed per target
# and fails when a target with a required rate falls below it.
#
#   sh scripts/mutation.sh                 # every target
#   sh scripts/mutation.sh arithmetic      # one or more of: arithmetic checks builders
#   MUTATION_JOBS=1 sh scripts/mutation.sh # parallel test processes (default 2)
#
# Only budgets/disclosures/arithmetic.py, the 上海 importer's checks and the table builders
# are mutated (pyproject.toml [tool.mutmut]); only the fast unit tests run (tests/test_*_unit.py
# and budgets/families/shanghai_budget/tests/test_checks_unit.py), which need no PDF,
# database or browser. Afterwards `.venv/bin/mutmut results` lists the survivors and
# `.venv/bin/mutmut show NAME` shows one. mutants/ is mutmut's working copy (not committed).
set -euf # -f: the mutant name patterns below are not file names
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check -r requirements-dev.txt
# The unit tests need neither; never let a developer's setting reach them.
unset DATABASE_URL DISCLOSURES_DIR || true

# target | required % killed (0: report only) | mutant name patterns (! leaves out:
# load_facts queries the database, which the fast tests never touch; the suite covers it)
TARGETS='arithmetic|90|budgets.disclosures.arithmetic.*
checks|80|budgets.families.shanghai_budget.checks.* budgets.families.shanghai_budget.narrative_checks.* budgets.families.shanghai_budget.names.x_match_classes* budgets.families.shanghai_budget.names.x_fiscal_by_class* budgets.families.shanghai_budget.names.x_class_code* budgets.families.shanghai_budget.document.x_rows_of* budgets.families.shanghai_budget.document.x_left_key* budgets.families.shanghai_budget.document.x_left_amounts* budgets.families.shanghai_budget.document.x_wan_rounded* budgets.families.shanghai_budget.document.x_record*
builders|0|budgets.disclosures.tables.* budgets.families.*.tables.* !budgets.disclosures.tables.common.x_load_facts__*'

selected="${*:-arithmetic checks builders}"
for name in $selected; do
    echo "$TARGETS" | grep -q "^$name|" || {
        echo "unknown target $name (arithmetic, checks, builders)" >&2
        exit 2
    }
done

patterns=""
for name in $selected; do
    for pattern in $(echo "$TARGETS" | grep "^$name|" | cut -d'|' -f3); do
        case "$pattern" in !*) ;; *) patterns="$patterns $pattern" ;; esac
    done
done

# A fresh copy each run: mutmut keeps verdicts and the map of which test runs which code
# between runs, which would go stale when the tests change.
rm -rf mutants
start=$(date +%s)
# shellcheck disable=SC2086 # the patterns are words on purpose
.venv/bin/mutmut run --max-children "${MUTATION_JOBS:-2}" $patterns >mutants.log 2>&1 || {
    tr '\r' '\n' <mutants.log | grep -v '^⠀\|^[⠁-⣿]' | tail -40
    rm -f mutants.log
    echo "mutmut failed" >&2
    exit 1
}
mv mutants.log mutants/run.log
elapsed=$(($(date +%s) - start))
.venv/bin/mutmut results --all true >mutants/results.txt 2>/dev/null

# Per target: killed (or timed out) / all its mutants; "no tests" counts as survived.
SCORE='
import fnmatch, sys
name, required, patterns = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
wanted = [pattern for pattern in patterns if not pattern.startswith("!")]
left_out = [pattern[1:] for pattern in patterns if pattern.startswith("!")]
results = {}
for row in open("mutants/results.txt", encoding="utf-8"):
    mutant, _, verdict = row.strip().rpartition(": ")
    if any(fnmatch.fnmatchcase(mutant, p) for p in wanted) and not any(
        fnmatch.fnmatchcase(mutant, p) for p in left_out
    ):
        results[mutant] = verdict
killed = sum(verdict in ("killed", "timeout") for verdict in results.values())
total = len(results)
score = 100 * killed / total if total else 0.0
goal = f" (required {required}%)" if required else ""
print(f"{name:<11} {killed:>5}/{total:<5} killed  {score:5.1f}%{goal}")
for verdict in sorted(set(results.values()) - {"killed", "timeout"}):
    count = sum(value == verdict for value in results.values())
    print(" " * 12 + f"{count} {verdict}")
modules = sorted({mutant.split(".x")[0] for mutant in results})
for module in modules if len(modules) > 1 else []:
    verdicts = [v for m, v in results.items() if m.split(".x")[0] == module]
    caught = sum(v in ("killed", "timeout") for v in verdicts)
    share = 100 * caught / len(verdicts)
    print(" " * 12 + f"{module}: {caught}/{len(verdicts)} ({share:.1f}%)")
sys.exit(1 if required and score < required else 0)
'
status=0
for name in $selected; do
    line=$(echo "$TARGETS" | grep "^$name|")
    required=$(echo "$line" | cut -d'|' -f2)
    # shellcheck disable=SC2046
    set -- $(echo "$line" | cut -d'|' -f3)
    .venv/bin/python -c "$SCORE" "$name" "$required" "$@" || status=1
done
echo "mutation run took ${elapsed}s; survivors: .venv/bin/mutmut results"
exit $status

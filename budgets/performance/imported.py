"""A project's 绩效目标填报表, as an importer read it, stored as the document prints it.

The importer (``importers.project_forms``) reads the form's cells; here they become a
TargetSet (kind project) beside the document's Project, with its two goals and every 指标
in printed order. Levels are matched by their printed names (产出指标, 数量指标 …);
``as_printed`` keeps the funding rows as printed even where they do not add up.
"""

import datetime

from django.utils import translation

from .models import Goal, Indicator, TargetSet


def level_names():
    """{printed name: (field, value)} of every 一级 and 二级指标, from the Chinese labels."""
    with translation.override("zh-hans"):
        return {
            **{str(label): ("level1", value) for value, label in Indicator.Level1.choices},
            **{str(label): ("level2", value) for value, label in Indicator.Level2.choices},
        }


def date_of(text):
    try:
        return datetime.date.fromisoformat(text)
    except (TypeError, ValueError):
        return None


def replace_targets(document, projects):
    """Store the forms of ``projects`` ((Project, ProjectForm) pairs, form None where the
    document prints none), replacing those an earlier import stored. Returns the printed
    indicators that fit no level of the frame, as (project name, indicator) pairs."""
    TargetSet.objects.filter(document=document, as_printed=True).delete()
    levels, unplaced = level_names(), []
    for project, form in projects:
        if form is None:
            continue
        target_set = TargetSet.objects.create(**target_set_fields(document, project, form))
        Goal.objects.bulk_create(
            Goal(target_set=target_set, horizon=horizon, number=1, text=text)
            for horizon, text in (("period", form.overall_goal), ("annual", form.annual_goal))
            if text
        )
        indicators, numbers = [], {}
        for printed in form.indicators:
            level1, level2 = (levels.get(name, (None, None))[1] for name in printed[:2])
            if level1 is None or level2 is None:
                unplaced.append((project.name, printed))
                continue
            numbers[level1, level2] = numbers.get((level1, level2), 0) + 1
            indicators.append(
                Indicator(
                    target_set=target_set,
                    level1=level1,
                    level2=level2,
                    number=numbers[level1, level2],
                    content=printed[2][:300],
                    value=printed[3][:200],
                )
            )
        Indicator.objects.bulk_create(indicators)
    return unplaced


def target_set_fields(document, project, form):
    return {
        "document": document,
        "kind": TargetSet.Kind.PROJECT,
        "name": project.name,
        "project": project,
        "as_printed": True,
        "competent_department": form.values.get("department", "")[:200],
        "implementer": form.values.get("implementer", "")[:200],
        "nature": form.values.get("nature", "")[:50],
        "category": form.values.get("category", "")[:50],
        "start_date": date_of(form.values.get("start")),
        "end_date": date_of(form.values.get("end")),
        "period_total": form.amount("total"),
        "period_fiscal": form.amount("fiscal"),
        "period_other": form.amount("other"),
        "annual_total": form.amount("annual_total"),
        "annual_fiscal": form.amount("annual_fiscal"),
        "annual_carryover": form.amount("annual_carryover"),
        "annual_other": form.amount("annual_other"),
    }

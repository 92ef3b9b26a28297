"""A document's projects in the API: each with its amount and, where the document prints
one, its 绩效目标填报表 (funding rows in 元 as printed, goals and every 指标)."""

from django.urls import reverse

from budgets.web.pages import document_kwargs

FUNDING = (
    "period_total",
    "period_fiscal",
    "period_other",
    "annual_total",
    "annual_fiscal",
    "annual_carryover",
    "annual_other",
)


def project_json(request, document, entry):
    project = entry.project
    url = reverse("browse:project", kwargs={**document_kwargs(document), "number": entry.position})
    return {
        "position": entry.position,
        "name": project.name,
        "amount": project.amount,
        "html_url": request.build_absolute_uri(url),
        "description": project.description,
        "targets": None if entry.targets is None else targets_json(entry),
    }


def targets_json(entry):
    targets = entry.targets
    return {
        "nature": targets.nature,
        "category": targets.category,
        "competent_department": targets.competent_department,
        "implementer": targets.implementer,
        "start_date": targets.start_date.isoformat() if targets.start_date else None,
        "end_date": targets.end_date.isoformat() if targets.end_date else None,
        **{name: getattr(targets, name) for name in FUNDING},
        "overall_goal": entry.goals.get("period", ""),
        "annual_goal": entry.goals.get("annual", ""),
        "indicators": [
            {
                "level1": indicator.level1,
                "level2": indicator.level2,
                "content": indicator.content,
                "value": indicator.value,
            }
            for indicator in targets.indicators.all()
        ],
    }

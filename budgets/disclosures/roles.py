"""Staff roles, as groups with model permissions (never checked by group name):

- 预算录入员 (budget clerk): enters and imports documents and submits them for review
  (``disclosures.submit_document``); cannot publish.
- 预算审核员 (reviewer): reads everything, publishes and withdraws documents
  (``disclosures.publish_document``, ``disclosures.withdraw_document``) and may let a
  document with failing checks go on, with a written reason.

Neither group gets any ``auth`` permission: only superusers manage users and groups.
"""

CLERK_GROUP = "预算录入员"
REVIEWER_GROUP = "预算审核员"

#: app label → the models a clerk may add, change, delete and view.
CLERK_MODELS = {
    "organisations": ["region", "organisation", "profile", "profileitem", "vehiclecount"],
    "classifications": ["functioncode", "departmenteconomiccode", "governmenteconomiccode"],
    "disclosures": [
        "document",
        "tablenote",
        "revenueline",
        "functionexpenditure",
        "expenditurebytype",
        "basicexpendituresplit",
        "economicexpenditure",
        "project",
        "restrictedspending",
        "procurement",
        "procurementitem",
        "printedsubtotal",
        "statement",
        "finding",
    ],
    "performance": ["targetset", "goal", "task", "indicator"],
}
#: Templates are configuration: staff may see them, not change them. Deleted documents
#: are kept for restoring (``review.recovery``; restoring needs ``add_document``).
VIEW_ONLY = {"disclosures": ["template", "templatetable"], "review": ["deleteddocument"]}

CLERK_EXTRA = [("disclosures", "submit_document")]
REVIEWER_EXTRA = [
    ("disclosures", "publish_document"),
    ("disclosures", "withdraw_document"),
]


def _permissions(pairs):
    from django.contrib.auth.models import Permission
    from django.db.models import Q

    query = Q(pk__in=[])
    for app_label, codename in pairs:
        query |= Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.filter(query)


def clerk_permissions():
    pairs = [
        (app_label, f"{action}_{model}")
        for app_label, models in CLERK_MODELS.items()
        for model in models
        for action in ("add", "change", "delete", "view")
    ]
    pairs += [
        (app_label, f"view_{model}") for app_label, models in VIEW_ONLY.items() for model in models
    ]
    return _permissions(pairs + CLERK_EXTRA)


def reviewer_permissions():
    pairs = [
        (app_label, f"view_{model}")
        for groups in (CLERK_MODELS, VIEW_ONLY)
        for app_label, models in groups.items()
        for model in models
    ]
    return _permissions(pairs + REVIEWER_EXTRA)


def ensure_groups(sender=None, **kwargs):
    """Create or complete both groups after migrations (idempotent)."""
    from django.contrib.auth.models import Group

    clerk, _created = Group.objects.get_or_create(name=CLERK_GROUP)
    clerk.permissions.add(*clerk_permissions())
    # Publishing is the reviewer's: a clerk's group from before the review workflow loses it.
    clerk.permissions.remove(*_permissions(REVIEWER_EXTRA))
    reviewer, _created = Group.objects.get_or_create(name=REVIEWER_GROUP)
    reviewer.permissions.add(*reviewer_permissions())


#: Connected by the disclosures app after every app's migrations.
ensure_clerk_group = ensure_groups

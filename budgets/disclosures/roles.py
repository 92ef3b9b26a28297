"""The 预算录入员 (budget clerk) group: may enter and publish documents, not manage users."""

CLERK_GROUP = "预算录入员"

#: app label → the models a clerk may add, change, delete and view.
CLERK_MODELS = {
    "organisations": ["region", "organisation", "profile", "profileitem", "vehiclecount"],
    "classifications": ["functioncode", "departmenteconomiccode", "governmenteconomiccode"],
    "disclosures": [
        "document",
        "tablenote",
        "revenueline",
        "functionexpenditure",
        "basicexpendituresplit",
        "economicexpenditure",
        "project",
        "restrictedspending",
        "procurement",
        "procurementitem",
        "statement",
        "finding",
    ],
    "performance": ["targetset", "goal", "task", "indicator"],
}


def ensure_clerk_group(sender=None, **kwargs):
    """Create or complete the clerk group after migrations (idempotent)."""
    from django.contrib.auth.models import Group, Permission

    group, _created = Group.objects.get_or_create(name=CLERK_GROUP)
    codenames = [
        f"{action}_{model}"
        for models in CLERK_MODELS.values()
        for model in models
        for action in ("add", "change", "delete", "view")
    ]
    permissions = Permission.objects.filter(
        content_type__app_label__in=CLERK_MODELS, codename__in=codenames
    )
    group.permissions.add(*permissions)
    # Templates are configuration: a clerk may see them, not change them.
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="disclosures",
            codename__in=["view_template", "view_templatetable"],
        )
    )

"""Nothing is lost: a deleted document is kept whole and can be restored.

Only documents that were never public can be deleted (drafts, submitted ones, dropped
corrections). Before one is deleted, it and every row it owns, down to the rows those own
(its facts, original files, target sets with their goals, its review records), are kept
as Django serialises them in a ``DeletedDocument``; restoring saves them back under their
own primary keys, refused if another document of the same organisation, year, stage and
scope exists by then.
"""

from django.core import serializers
from django.db import transaction
from django.db.models import CASCADE
from django.utils import timezone
from django.utils.translation import gettext as _

from budgets.disclosures.models import Document

from .models import DeletedDocument


class RecoveryError(Exception):
    pass


def owned_rows(row):
    """Every row deleted with ``row`` (its CASCADE relations, recursively), parents first."""
    rows = []
    for relation in row._meta.related_objects:
        if not relation.one_to_many or relation.on_delete is not CASCADE:
            continue
        for child in relation.related_model.objects.filter(**{relation.field.name: row}):
            rows.append(child)
            rows.extend(owned_rows(child))
    return rows


@transaction.atomic
def delete(document, user):
    """Keep ``document`` whole, then delete it; refused for a document that has been public."""
    if document.locked:
        raise RecoveryError(_("已公开或撤回的文件不能删除，只能撤回或更正。"))
    rows = [document, *owned_rows(document)]
    DeletedDocument.objects.create(
        title=document.title,
        document_id=document.pk,
        rows=serializers.serialize("json", rows),
        row_count=len(rows),
        deleted_by=user if getattr(user, "pk", None) else None,
    )
    document.delete()


@transaction.atomic
def restore(deleted, user):
    """The deleted document saved back with every row it had; RecoveryError if it was
    restored already or its place is taken."""
    if deleted.restored_at is not None:
        raise RecoveryError(_("《%(title)s》已经恢复过。") % {"title": deleted.title})
    objects = list(serializers.deserialize("json", deleted.rows))
    document = objects[0].object
    taken = Document.objects.filter(
        organisation_id=document.organisation_id,
        year=document.year,
        stage=document.stage,
        scope=document.scope,
        corrects=None,
    )
    if document.corrects_id is not None:
        taken = Document.objects.filter(corrects_id=document.corrects_id)
    if taken.exists():
        raise RecoveryError(
            _("不能恢复《%(title)s》：同一单位、年度和范围的文件（或同一文件的更正稿）已经存在。")
            % {"title": deleted.title}
        )
    for item in objects:
        item.save()
    deleted.restored_at = timezone.now()
    deleted.restored_by = user
    deleted.save(update_fields=["restored_at", "restored_by"])
    return Document.objects.get(pk=document.pk)

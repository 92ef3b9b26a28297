"""Uploads through the admin are read within limits: a file over the size limit is never
kept, a request larger than the allowed files is refused before its body is read, a file
with too many pages, one that takes too long or needs too much memory is refused with a
clear message within seconds, and previews never confirmed are removed. The command
``import_disclosure`` reads within the same limits unless given ``--no-limits``."""

import datetime
import io
import time
from decimal import Decimal
from io import StringIO

import pikepdf
import pytest
from django.apps import apps
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from budgets.disclosures.arithmetic import total_of
from budgets.disclosures.models import Document
from budgets.importers import limits as limits_module
from budgets.importers.limits import Limits, extract_within
from budgets.importers.models import PendingUpload
from budgets.importers.pdf import ImportRefusedError

pytestmark = pytest.mark.django_db


@pytest.fixture
def importer(client):
    call_command("loaddata", "templates", verbosity=0)
    user = User.objects.create_user("importer", password="pw", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="add_document"))
    client.force_login(user)
    return user


def blank_pdf(pages, padding=0, text="", lines=1):
    """A PDF of ``pages`` pages (each showing ``text`` on ``lines`` lines), made here so
    that no earlier reading of it can be reused; ``padding`` bytes of comment make it
    larger."""
    document = pikepdf.new()
    font = pikepdf.Dictionary(Type=pikepdf.Name.Font, Subtype=pikepdf.Name.Type1)
    font.BaseFont = pikepdf.Name.Helvetica
    for number in range(pages):
        document.add_blank_page(page_size=(595, 842))
        page = document.pages[-1]
        page.Resources = pikepdf.Dictionary(Font=pikepdf.Dictionary(F1=font))
        shown = " T* ".join(f"({text} {number})Tj" for _line in range(lines))
        content = f"BT /F1 12 Tf 14 TL 72 770 Td {shown} ET".encode()
        page.Contents = document.make_stream(content)
    buffer = io.BytesIO()
    document.save(buffer)
    data = buffer.getvalue()
    if padding:
        data = data.replace(b"%PDF-1.3\n", b"%PDF-1.3\n%" + b"x" * padding + b"\n", 1)
    return data


def upload(client, *files):
    return client.post(
        reverse("importers:upload"),
        {"files": [SimpleUploadedFile(name, data, "application/pdf") for name, data in files]},
        follow=True,  # the upload goes on to its job's page
    )


def errors(response):
    form = response.context["form"]
    return [str(error) for field_errors in form.errors.values() for error in field_errors]


def test_a_file_with_too_many_pages_is_refused_before_it_is_read(client, importer, settings):
    settings.IMPORT_MAX_PAGES = 5
    started = time.monotonic()
    response = upload(client, ("long.pdf", blank_pdf(6, text="long")))
    assert time.monotonic() - started < 10
    text = response.content.decode()
    assert "该PDF文件共6页，超过上限5页，未读取。" in text
    assert not PendingUpload.objects.exists()


def test_reading_that_takes_too_long_is_stopped_within_its_time():
    data = blank_pdf(300, text="slow")
    started = time.monotonic()
    with pytest.raises(ImportRefusedError, match="秒内未能读完"):
        extract_within(data, Limits(max_pages=1000, max_seconds=0.2, max_memory_bytes=2**30))
    assert time.monotonic() - started < 5


def test_reading_that_needs_too_much_memory_is_stopped():
    data = blank_pdf(100, text="memory " * 10, lines=50)
    with pytest.raises(ImportRefusedError, match="所需内存超过上限0MB"):
        extract_within(data, Limits(max_pages=1000, max_seconds=60, max_memory_bytes=0))


def test_a_reading_stuck_at_its_memory_ceiling_is_stopped_for_its_memory(monkeypatch):
    """A child starved of memory may hang or spin instead of dying (CI saw one wait out
    its 60 s): when its time is up at its ceiling, the memory is named, not the time."""

    def starve_then_hang(data, limits):
        hoard = []
        try:
            while True:
                hoard.append(bytearray(1024 * 1024))
        except MemoryError:
            pass
        while True:
            time.sleep(0.05)

    monkeypatch.setattr(limits_module, "read_counted", starve_then_hang)  # forked: the child's
    data = blank_pdf(1, text="stuck")
    with pytest.raises(ImportRefusedError, match="所需内存超过上限16MB"):
        extract_within(data, Limits(max_pages=10, max_seconds=1, max_memory_bytes=16 * 2**20))


def test_within_its_limits_a_file_is_read_as_without_them():
    data = blank_pdf(3, text="fine")
    pages, _created = extract_within(
        data, Limits(max_pages=3, max_seconds=60, max_memory_bytes=2**30)
    )
    assert [page.lines for page in pages] == [["fine 0"], ["fine 1"], ["fine 2"]]


def test_a_file_over_the_size_limit_is_never_kept(client, importer, settings):
    settings.IMPORT_MAX_FILE_MB = 1
    large = blank_pdf(1, padding=2 * 1024 * 1024, text="large")
    small = blank_pdf(1, text="small")
    response = upload(client, ("large.pdf", large), ("small.pdf", small))
    assert response.status_code == 200
    assert errors(response) == ["文件“large.pdf”超过1MB，未读取。"]
    assert not PendingUpload.objects.exists()


def test_a_request_larger_than_the_allowed_files_is_refused_unread(client, importer, settings):
    settings.IMPORT_MAX_FILE_MB = 1
    settings.IMPORT_MAX_FILES = 1
    response = upload(client, ("huge.pdf", blank_pdf(1, padding=3 * 1024 * 1024)))
    assert response.status_code == 413
    assert "上传内容超过上限（每次最多1个文件，每个1MB），未读取。" in response.content.decode()


def test_previews_never_confirmed_are_removed(client, importer, settings):
    settings.IMPORT_PREVIEW_HOURS = 24
    two_days_ago = timezone.now() - datetime.timedelta(hours=48)
    for sha256, uploaded_at in (("a" * 64, two_days_ago), ("b" * 64, timezone.now())):
        PendingUpload.objects.create(
            sha256=sha256, name="x.pdf", data=b"%PDF", uploaded_by=importer, uploaded_at=uploaded_at
        )
    assert client.get(reverse("importers:upload")).status_code == 200
    assert list(PendingUpload.objects.values_list("sha256", flat=True)) == ["b" * 64]


# The command line.

JUSTICE = "上海市普陀区司法局26年预算.pdf"  # 23 pages
JUSTICE_TITLE = "上海市普陀区司法局2026年部门预算"


def rows():
    """How many rows each of the project's models holds."""
    return {
        model.__name__: model.objects.count()
        for model in apps.get_models()
        if model.__module__.startswith("budgets.")
    }


@pytest.mark.disclosures
def test_the_command_refuses_a_file_over_the_page_limit_and_writes_nothing(settings, disclosure):
    call_command("loaddata", "templates", verbosity=0)
    settings.IMPORT_MAX_PAGES = 22
    before = rows()
    with pytest.raises(CommandError) as refusal:
        call_command("import_disclosure", str(disclosure(JUSTICE)), stdout=StringIO())
    assert str(refusal.value).splitlines() == [
        "1 份文件中 1 份未导入：",
        f"{JUSTICE}：该PDF文件共23页，超过上限22页，未读取。",
        "超过页数、时间或内存上限的文件，确认来源可信后可加 --no-limits 导入。",
    ]
    assert rows() == before

    out = StringIO()
    call_command("import_disclosure", "--no-limits", str(disclosure(JUSTICE)), stdout=out)
    document = Document.objects.get()
    assert document.title == JUSTICE_TITLE and "未导入 0。" in out.getvalue()
    revenue = total_of(document.revenuelines.values_list("amount", flat=True))
    assert revenue == Decimal("96282213.44")


def test_the_queue_reads_within_the_limits_always():
    with pytest.raises(CommandError, match="--no-limits 不能与 --queue 同用"):
        call_command(
            "import_disclosure", "--queue", "--user", "x", "--no-limits", ".", stdout=StringIO()
        )

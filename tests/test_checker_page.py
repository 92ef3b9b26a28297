"""The public 「检查公开文件」 page (/checker/) through Django's test client: real published
PDFs uploaded as a browser sends them, the report kept (and only it) for its hours, and
every refusal (too large, too many an hour, not a PDF, another site's form) clear and early.

The report shown must be the engine's on the same files: each finding's rule, place,
message, words and figures, in the order of ``output.table_groups``.
"""

import datetime
import io
import json
from html.parser import HTMLParser

import openpyxl
import pikepdf
import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from budgets.checker import engine, output, throttle
from budgets.checker.models import CheckReport
from budgets.importers import pdf

pytestmark = pytest.mark.django_db

CHECK = "/checker/"
WANLI_2023 = ["上海市普陀区人民政府万里街道办事处23年预算.pdf"]
JIANGSU_PAIR = [
    "江苏省人大常委会2019年度部门预算公开.pdf",
    "江苏省人大常委会办公厅2019年部门预算公开表.pdf",
]


@pytest.fixture(autouse=True)
def fresh_counts():
    """The rate limit counts in the cache, which outlives each test's database."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def templates(db):
    call_command("loaddata", "templates", verbosity=0)


def blank_pdf(padding=0):
    """A one-page PDF (no 公开 document: the checker reports it unidentified, quickly),
    with ``padding`` bytes of comment after it to make it as large as a test needs."""
    document = pikepdf.new()
    document.add_blank_page(page_size=(595, 842))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue() + b"\n%" + b"0" * padding


def upload(client, named, **extra):
    files = [SimpleUploadedFile(name, data, "application/pdf") for name, data in named]
    return client.post(CHECK, {"files": files}, **extra)


def read(disclosure, names):
    return [(name, disclosure(name).read_bytes()) for name in names]


class Findings(HTMLParser):
    """The findings of a report page as (document, table, severity, rule, where, message,
    words, figures), in the page's order."""

    def __init__(self):
        super().__init__()
        self.found, self.document, self.table = [], "", ""
        self.current = None
        self.into = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if tag in ("h2", "h3"):
            self.into = tag
            setattr(self, "document" if tag == "h2" else "table", "")
        elif "checker-finding" in classes:
            severity = classes[1].removeprefix("checker-")
            self.current = [self.document, self.table, severity, attrs["data-rule"], [], "", ""]
            self.current.append([])
        elif self.current is not None:
            self.start_part(tag, classes)

    def start_part(self, tag, classes):
        parent = self.into
        if tag == "span" and "visually-hidden" in classes:
            self.into = "hidden"
        elif tag == "span" and parent == "where":
            self.current[4].append("")
            self.into = "place"
        elif "checker-where" in classes:
            self.into = "where"
        elif "checker-message" in classes:
            self.into = "message"
        elif tag == "blockquote":
            self.into = "words"
        elif tag == "li":
            self.current[7].append("")
            self.into = "figure"

    def handle_endtag(self, tag):
        if tag == "li" and self.into != "figure" and self.current is not None:
            self.current[4] = tuple(self.current[4])
            self.current[7] = tuple(self.current[7])
            self.found.append(tuple(self.current))
            self.current = None
        if tag in ("h2", "h3", "p", "blockquote", "li"):
            self.into = None
        elif tag == "span" and self.into in ("place", "hidden"):
            self.into = "where" if self.into == "place" else "words"

    def handle_data(self, data):
        if self.into == "h2":
            self.document += data.strip()
        elif self.into == "h3":
            self.table += data.strip()
        elif self.into == "place":
            self.current[4][-1] += data.strip()
        elif self.into in ("message", "words"):
            self.current[5 if self.into == "message" else 6] += data
        elif self.into == "figure":
            self.current[7][-1] += data


def shown(response):
    parser = Findings()
    parser.feed(response.content.decode())
    return parser.found


def expected(report):
    """What the page must show of ``report``, in ``output.table_groups``' order."""
    rows = []
    for document in report.documents:
        several = len(document.files) > 1
        for table, findings in output.table_groups(document):
            for f in findings:
                where = [f.file] if several and f.file else []
                where += [f"第{f.page}页"] if f.page is not None else []
                where += [f"第{f.line}行"] if f.line is not None else []
                where += [f.row] if f.row else []
                row = (document.label, table or "文字部分", f.severity, f.rule, tuple(where))
                rows.append((*row, f.message, f.text, f.figures))
    return rows


# The report: the engine's, on the page, as JSON and as XLSX.


@pytest.mark.disclosures
@pytest.mark.parametrize("names", [WANLI_2023, JIANGSU_PAIR], ids=["shanghai", "jiangsu-pair"])
def test_the_report_is_the_engines_on_the_same_files(client, templates, disclosure, names):
    named = read(disclosure, names)
    report = engine.check_files(named, extractor=pdf.extract)
    response = upload(client, named)
    (kept,) = CheckReport.objects.all()
    assert response.status_code == 302
    assert response["Location"] == reverse("checker:report", args=[kept.key])
    assert kept.report == output.as_json(report)
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert shown(page) == expected(report)
    errors = sum(len(document.errors) for document in report.documents)
    warnings = sum(len(document.warnings) for document in report.documents)
    assert f'data-errors="{errors}" data-warnings="{warnings}"' in page.content.decode()
    assert len(shown(page)) == errors + warnings > 0


@pytest.mark.disclosures
def test_the_shanghai_report_names_the_figures_it_compared(client, templates, disclosure):
    """万里街道 2023, p6: 314.82% stated where 11.67 → 45.41 万元 gives 289.12%."""
    response = client.get(upload(client, read(disclosure, WANLI_2023))["Location"])
    (p6,) = [row for row in shown(response) if row[3] == "T08" and "第6页" in row[4]]
    assert p6[:5] == (
        "上海市普陀区人民政府万里街道办事处 2023年部门预算",
        "文字部分",
        "error",
        "T08",
        ("第6页", "第14行"),
    )
    assert p6[7] == ("2022年当年预算执行数为11.67万元", "2023年预算安排45.41万元", "314.82%")
    assert "289.12%" in p6[5]
    page = response.content.decode()
    assert 'data-errors="2" data-warnings="5"' in page
    assert f'href="{reverse("checker:rules")}#T08"' in page
    # Within the text's findings, the errors come before the 提示.
    severities = [row[2] for row in shown(response) if row[1] == "文字部分"]
    assert severities == sorted(severities)


def test_the_downloads_are_the_kept_report(client, templates):
    key = upload(client, [("blank.pdf", blank_pdf())])["Location"].split("/")[-2]
    kept = CheckReport.objects.get(key=key)
    answer = client.get(reverse("checker:report_json", args=[key]))
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("application/json")
    assert "attachment" in answer["Content-Disposition"]
    assert answer.content.decode() == kept.report
    (document,) = json.loads(answer.content)["documents"]
    assert document["files"] == ["blank.pdf"] and not document["read"]
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(f"{CHECK}report/{key}.xlsx").content))
    rows = list(workbook.active.iter_rows(values_only=True))
    findings = document["findings"]
    assert len(rows) == 1 + len(findings) >= 2
    for row, finding in zip(rows[1:], findings, strict=True):
        assert (row[0], row[1], row[3], row[8]) == (
            document["document"],
            finding["rule"],
            finding["file"] or None,
            finding["message"],
        )
    cells = [cell for line in workbook.active.iter_rows() for cell in line]
    assert not [cell for cell in cells if cell.data_type == "f"]


@pytest.mark.disclosures
def test_the_xlsx_carries_the_figures_compared(client, templates, disclosure):
    key = upload(client, read(disclosure, WANLI_2023))["Location"].split("/")[-2]
    content = client.get(reverse("checker:report_xlsx", args=[key])).content
    rows = list(openpyxl.load_workbook(io.BytesIO(content)).active.iter_rows(values_only=True))
    figures = {row[10] for row in rows[1:] if row[1] == "T08" and row[4] == 6}
    assert figures == {"2022年当年预算执行数为11.67万元；2023年预算安排45.41万元；314.82%"}


# Kept for its hours, no longer; never in a shared cache.


def age(key, hours, seconds=0):
    created = CheckReport.objects.get(key=key).created
    delta = datetime.timedelta(hours=hours, seconds=seconds)
    CheckReport.objects.filter(key=key).update(created=created - delta)


def test_a_report_expires_after_its_hours_and_is_deleted(client, templates):
    key = upload(client, [("blank.pdf", blank_pdf())])["Location"].split("/")[-2]
    pages = [
        reverse("checker:report", args=[key]),
        reverse("checker:report_json", args=[key]),
        reverse("checker:report_xlsx", args=[key]),
    ]
    age(key, 23, 3590)
    assert [client.get(path).status_code for path in pages] == [200, 200, 200]
    age(key, 0, 11)
    gone = client.get(pages[0])
    assert gone.status_code == 404
    assert "核对结果只保存24小时，过期即删除" in gone.content.decode()
    assert not CheckReport.objects.filter(key=key).exists()
    assert [client.get(path).status_code for path in pages[1:]] == [404, 404]


def test_expired_reports_are_deleted_by_a_new_check_and_by_the_command(client, templates):
    first = upload(client, [("a.pdf", blank_pdf())])["Location"].split("/")[-2]
    age(first, 25)
    second = upload(client, [("b.pdf", blank_pdf())])["Location"].split("/")[-2]
    assert list(CheckReport.objects.values_list("key", flat=True)) == [second]
    age(second, 24, 1)
    out = io.StringIO()
    call_command("purge_check_reports", stdout=out)
    assert not CheckReport.objects.exists()
    assert "1" in out.getvalue()


def test_an_unknown_report_is_a_clear_404(client):
    response = client.get(reverse("checker:report", args=["A" * 32]))
    assert response.status_code == 404
    assert "没有这份核对结果" in response.content.decode()
    assert client.get(f"{CHECK}report/not-a-key/").status_code == 404


def test_no_page_of_the_checker_is_kept_by_a_cache(client, templates, settings):
    settings.PUBLIC_CACHE = True
    key = upload(client, [("blank.pdf", blank_pdf())])["Location"].split("/")[-2]
    for path in [
        CHECK,
        reverse("checker:report", args=[key]),
        reverse("checker:report_json", args=[key]),
        reverse("checker:report_xlsx", args=[key]),
    ]:
        for _twice in range(2):
            response = client.get(path)
            assert response.status_code == 200, path
            assert "no-store" in response["Cache-Control"], path
            assert "private" in response["Cache-Control"], path
            assert "public" not in response["Cache-Control"], path
            assert "X-Cache" not in response, path
            assert not response.cookies, path


# Refusals: each before the engine runs, each a clear message on the form's page.


def test_a_request_larger_than_the_total_cap_is_refused_unread(client, templates, settings):
    settings.CHECKER_MAX_UPLOAD_MB = 1
    response = upload(client, [("big.pdf", blank_pdf(padding=2 * 1024 * 1024))])
    assert response.status_code == 413
    assert not response.wsgi_request._read_started  # not a byte of the body read
    page = response.content.decode()
    assert "上传内容超过上限，未读取。" in page
    assert "合计不超过1MB" in page
    assert not CheckReport.objects.exists()
    assert throttle.wait_seconds(response.wsgi_request) == 0


@pytest.mark.parametrize(
    ("file_mb", "total_mb", "padding"), [(1, 30, 1024 * 1024), (30, 1, 520 * 1024)]
)
def test_a_file_over_a_cap_is_dropped_and_named(
    client, templates, settings, file_mb, total_mb, padding
):
    """Over its own cap, or (the announced length within bounds) over the total's."""
    settings.CHECKER_MAX_FILE_MB, settings.CHECKER_MAX_UPLOAD_MB = file_mb, total_mb
    named = [("small.pdf", blank_pdf(padding=padding)), ("big.pdf", blank_pdf(padding=padding))]
    if file_mb == 1:
        named[0] = ("small.pdf", blank_pdf())
    response = upload(client, named)
    assert response.status_code == 400
    assert "文件“big.pdf”超过大小上限，未读取。" in response.content.decode()
    assert not CheckReport.objects.exists()


def test_files_are_held_in_memory_not_on_disk(client, templates, settings, tmp_path):
    """Django's own handlers write a file over 2.5 MB to FILE_UPLOAD_TEMP_DIR; there is no
    such folder here, so an upload that touched the disk would fail."""
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path / "absent")
    response = upload(client, [("three-mb.pdf", blank_pdf(padding=3 * 1024 * 1024))])
    assert response.status_code == 302
    assert not (tmp_path / "absent").exists()


@pytest.mark.parametrize(
    ("named", "message"),
    [
        ([("notes.pdf", b"just words")], "文件“notes.pdf”不是PDF文件，只能核对PDF。"),
        ([("empty.pdf", b"")], "文件“empty.pdf”是空的。"),
        ([], "请选择要核对的PDF文件。"),
    ],
    ids=["not-a-pdf", "empty", "none"],
)
def test_what_is_not_a_pdf_is_refused(client, named, message):
    response = upload(client, named)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not CheckReport.objects.exists()


def test_at_most_the_configured_number_of_files(client, settings):
    settings.CHECKER_MAX_FILES = 1
    response = upload(client, [("a.pdf", blank_pdf()), ("b.pdf", blank_pdf())])
    assert response.status_code == 400
    assert "一次最多核对1个文件。" in response.content.decode()


def test_checks_are_limited_per_address_and_hour(client, templates, settings, monkeypatch):
    settings.CHECKER_RATE = 2
    named = [("blank.pdf", blank_pdf())]
    assert [upload(client, named).status_code for _ in range(2)] == [302, 302]
    refused = upload(client, named)
    assert refused.status_code == 429
    assert 3590 <= int(refused["Retry-After"]) <= 3600
    assert "每个地址每小时最多核对2次，已达上限。请60分钟后再试。" in refused.content.decode()
    assert "no-store" in refused["Cache-Control"]
    assert CheckReport.objects.count() == 2
    # Another address has its own count; an hour on, this one may check again.
    assert upload(client, named, REMOTE_ADDR="192.0.2.7").status_code == 302
    now = throttle.clock()
    monkeypatch.setattr(throttle, "clock", lambda: now + 3601)
    assert upload(client, named).status_code == 302


def test_refused_attempts_do_not_use_up_the_hour(client, settings):
    settings.CHECKER_RATE = 1
    for _attempt in range(3):
        assert upload(client, [("notes.pdf", b"words")]).status_code == 400
    assert throttle.wait_seconds(upload(client, []).wsgi_request) == 0


def test_a_post_from_another_site_is_refused(client):
    named = [("blank.pdf", blank_pdf())]
    assert upload(client, named, HTTP_ORIGIN="https://evil.example").status_code == 403
    assert upload(client, named, HTTP_REFERER="https://evil.example/x").status_code == 403
    assert not CheckReport.objects.exists()


def test_the_form_page_sets_no_cookie_and_links_the_rules(client):
    response = client.get(CHECK)
    page = response.content.decode()
    assert response.status_code == 200
    assert not response.cookies
    assert 'enctype="multipart/form-data"' in page and "multiple" in page
    assert "csrfmiddlewaretoken" not in page
    assert f'href="{reverse("checker:rules")}"' in page
    rules = client.get(reverse("checker:rules")).content.decode()
    assert f'href="{CHECK}"' in rules


def test_the_report_page_in_english(client, templates, settings):
    key = upload(client, [("blank.pdf", blank_pdf())])["Location"].split("/")[-2]
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(reverse("checker:report", args=[key]))
    assert response.status_code == 200
    assert '<html lang="en"' in response.content.decode()
    assert [row[3] for row in shown(response)] == ["R01"]

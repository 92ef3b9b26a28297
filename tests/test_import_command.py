"""import_disclosure with several files and folders: files read once, grouped into
documents by what they say they are, each document in its own transaction, a summary,
exit code 1 when any is refused; a re-import replaces every fact exactly once and keeps
the document's publication state. The grouping itself is tested without a database."""

import datetime
import shutil
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from budgets.disclosures.models import Document, Finding, FunctionExpenditure
from budgets.importers import registry
from budgets.importers.pdf import ImportRefusedError, Page, PdfContent
from budgets.organisations.models import Profile

OFFICE_UNIT = "上海市普陀区人民政府办公室单位25年预算.pdf"
WANLI_2024 = "上海市普陀区人民政府万里街道办事处24年预算.pdf"
WANLI_2025 = "上海市普陀区人民政府万里街道办事处25年预算.pdf"
BAOJI_TEXT = "宝鸡市人民政府口岸办公室2023年单位综合预算.txt"


# Grouping, without a database: fake files of a family whose documents come whole or
# as a narrative and a tables part.


def fake_identify(content):
    first = content.pages[0].first_line
    if not first.startswith("FAKE"):
        return None
    _family, organisation, part = first.split()
    return registry.Identity("fake", organisation, 2019, "budget", "department", part)


FAKE = registry.Reader(
    name="测试模板", identify=fake_identify, read=lambda contents, template: contents
)


@pytest.fixture
def fake_family(monkeypatch):
    monkeypatch.setattr(registry, "readers", lambda: [FAKE])


def fake_file(text):
    return text.encode()


def read_fake(name, data, extractor=None):
    return PdfContent(pages=[Page(1, [data.decode()])], sha256="")


def groups_of(monkeypatch, *files):
    monkeypatch.setattr(registry, "read_content", read_fake)
    return registry.group_files(registry.source_files(files))


def test_parts_of_one_document_are_grouped_whatever_their_order(fake_family, monkeypatch):
    groups = groups_of(
        monkeypatch,
        ("b-表格.pdf", fake_file("FAKE 省委办公厅 tables")),
        ("whole.pdf", fake_file("FAKE 检察院 whole")),
        ("a-文件.pdf", fake_file("FAKE 省委办公厅 narrative")),
    )
    assert [(group.identity.organisation, group.names, group.error) for group in groups] == [
        ("省委办公厅", ["a-文件.pdf", "b-表格.pdf"], ""),  # narrative first, as declared
        ("检察院", ["whole.pdf"], ""),
    ]
    assert groups[0].identity.part == "whole"
    assert groups[0].read(None)[0].pages[0].first_line == "FAKE 省委办公厅 narrative"


def test_a_narrative_without_its_tables_is_refused_clearly(fake_family, monkeypatch):
    (group,) = groups_of(monkeypatch, ("文件.pdf", fake_file("FAKE 省委办公厅 narrative")))
    assert group.error.startswith(
        "《省委办公厅 2019年部门预算》只收到公开文件（说明部分）（文件.pdf）"
    )
    assert "缺少公开表格部分" in group.error


def test_two_different_files_for_one_part_or_a_whole_beside_parts_are_refused(
    fake_family, monkeypatch
):
    (twice,) = groups_of(
        monkeypatch,
        ("表格1.pdf", fake_file("FAKE 厅 tables")),
        ("表格2.pdf", fake_file("FAKE 厅 tables ")),  # other bytes, same part
        ("文件.pdf", fake_file("FAKE 厅 narrative")),
    )
    assert "公开表格部分有多个不同的文件：文件.pdf、表格1.pdf、表格2.pdf" in twice.error
    (mixed,) = groups_of(
        monkeypatch,
        ("全文.pdf", fake_file("FAKE 厅 whole")),
        ("表格.pdf", fake_file("FAKE 厅 tables")),
    )
    assert "其中已有完整文件" in mixed.error


def test_a_family_published_whole_only_refuses_parts(monkeypatch):
    whole_only = registry.Reader(name="整份", identify=fake_identify, read=None, parts=())
    monkeypatch.setattr(registry, "readers", lambda: [whole_only])
    (group,) = groups_of(monkeypatch, ("表格.pdf", fake_file("FAKE 厅 tables")))
    assert "不属于该模板" in group.error


def test_the_same_bytes_twice_are_read_once(fake_family, monkeypatch):
    reads = []
    monkeypatch.setattr(
        registry,
        "read_content",
        lambda name, data, extractor=None: reads.append(name) or read_fake(name, data),
    )
    files = registry.source_files(
        [("a.pdf", fake_file("FAKE 厅 whole")), ("copy of a.pdf", fake_file("FAKE 厅 whole"))]
    )
    assert reads == ["a.pdf"]
    assert [(source.name, source.also) for source in files] == [("a.pdf", ["copy of a.pdf"])]
    assert len(registry.group_files(files)) == 1


def test_an_unknown_file_is_its_own_refused_group_naming_the_templates(fake_family, monkeypatch):
    (group,) = groups_of(monkeypatch, ("说明.txt", fake_file("某县2019年预算")))
    assert group.identity is None and group.label == "说明.txt"
    assert group.error == "无法识别该文件的公开模板。已知的模板：测试模板。"


def test_an_unreadable_file_is_refused_with_its_reason(fake_family):
    (group,) = registry.group_files(registry.source_files([("x.pdf", b"not a pdf")]))
    assert "该文件不是PDF文件" in group.error


def test_text_files_are_read_as_pages():
    content = registry.read_content("a.txt", "第一页\n 表1 \n\f第二页".encode())
    assert [page.lines for page in content.pages] == [["第一页", "表1"], ["第二页"]]
    with pytest.raises(ImportRefusedError):
        registry.read_content("a.txt", "不是UTF-8".encode("gbk"))


# The command on the published files.


@pytest.fixture
def templates(db):
    call_command("loaddata", "templates", verbosity=0)


def run(*arguments):
    """(stdout, CommandError or None) of import_disclosure with ``arguments``."""
    out = StringIO()
    try:
        call_command("import_disclosure", *map(str, arguments), stdout=out)
    except CommandError as error:
        return out.getvalue(), error
    return out.getvalue(), None


def folder(tmp_path, disclosure, *names):
    for name in names:
        shutil.copy(disclosure(name), tmp_path / name)
    (tmp_path / "readme.md").write_text("not a budget")  # neither .pdf nor .txt: not read
    return tmp_path


@pytest.mark.disclosures
def test_several_files_and_a_folder_one_refused_the_others_imported(
    templates, disclosure, tmp_path
):
    source = folder(tmp_path, disclosure, WANLI_2024, BAOJI_TEXT)
    out, error = run(source, disclosure(OFFICE_UNIT), source / WANLI_2024)
    lines = out.splitlines()
    assert lines[0] == f"{WANLI_2024} 与 {WANLI_2024} 内容相同，只读一次。"
    assert lines[1].split() == ["文件", "结果", "表", "数据", "首个原因"]
    wanli, baoji, office = lines[2:5]
    assert wanli.split()[:4] == [
        "上海市普陀区人民政府万里街道办事处2024年部门预算",
        "已导入，有核对问题",
        "9",
        "150",
    ]
    assert "提示：" in wanli
    assert baoji.split()[:4] == [BAOJI_TEXT, "未导入", "—", "—"]
    assert "无法识别该文件的公开模板。已知的模板：上海市" in baoji
    assert office.split() == ["上海市普陀区人民政府办公室2025年单位预算", "已导入", "9", "87"]
    assert lines[5] == "共 3 份：已导入 1，有核对问题 1，未导入 1。"
    assert error is not None and error.returncode == 1
    assert str(error).splitlines()[0] == "3 份文件中 1 份未导入："
    assert BAOJI_TEXT in str(error)
    # The refusal did not undo the others: each document was written on its own.
    assert sorted(Document.objects.values_list("title", flat=True)) == [
        "上海市普陀区人民政府万里街道办事处2024年部门预算",
        "上海市普陀区人民政府办公室2025年单位预算",
    ]
    assert FunctionExpenditure.objects.filter(document__scope="unit").count() == 14
    # The facts read are the rows stored (findings and table notes apart).
    stored = fact_counts(Document.objects.get(scope="unit"))
    kinds = ("RevenueLine", "FunctionExpenditure", "BasicExpenditureSplit", "EconomicExpenditure")
    kinds += ("Project", "RestrictedSpending", "Procurement", "Statement", "PrintedSubtotal")
    assert sum(stored[kind] for kind in kinds) == 87


@pytest.mark.disclosures
def test_a_document_refused_by_its_checks_leaves_the_other_imported(
    templates, disclosure, tmp_path
):
    from budgets.families.shanghai_budget.tests.test_import import changed_copy

    changed = changed_copy(
        disclosure(OFFICE_UNIT), tmp_path / "changed.pdf", 14, "11,919,501.84", "11,919,501.94"
    )
    out, error = run(changed, disclosure(WANLI_2024))
    refused = next(line for line in out.splitlines() if "未导入" in line and "2025" in line)
    assert refused.split()[:2] == ["上海市普陀区人民政府办公室2025年单位预算", "未导入"]
    assert "2025年预算单位一般公共预算支出功能分类预算表 / 20103 政府办公厅" in refused
    assert "2010301 行政运行" in str(error)
    assert "--force" in str(error) and error.returncode == 1
    assert list(Document.objects.values_list("organisation__name", flat=True)) == [
        "上海市普陀区人民政府万里街道办事处"
    ]


@pytest.mark.disclosures
def test_all_imported_exits_normally(templates, disclosure):
    out, error = run(disclosure(OFFICE_UNIT))
    assert error is None
    assert out.splitlines()[-1] == "共 1 份：已导入 1，有核对问题 0，未导入 0。"


def test_a_missing_path_is_an_error_before_anything_is_read(templates, tmp_path):
    out, error = run(tmp_path / "nowhere.pdf")
    assert "找不到文件或文件夹" in str(error) and out == ""


def fact_counts(document):
    """Rows of every kind of fact of ``document``: each model with a foreign key to
    Document (found through the model, so a new kind cannot be forgotten) and the
    organisation's profile rows of the year. (The pages' kept figures, budgets/summaries,
    are not facts: only a published document has them.)"""
    counts = {}
    for relation in Document._meta.related_objects:
        model = relation.related_model
        if model._meta.app_label == "summaries":
            continue
        counts[model.__name__] = model.objects.filter(**{relation.field.name: document}).count()
    profiles = Profile.objects.filter(organisation=document.organisation, year=document.year)
    counts["Profile"] = profiles.count()
    for relation in Profile._meta.related_objects:
        model = relation.related_model
        counts[model.__name__] = model.objects.filter(
            **{f"{relation.field.name}__in": profiles}
        ).count()
    return counts


@pytest.mark.disclosures
def test_reimport_replaces_every_fact_exactly_once(templates, disclosure):
    path = disclosure(WANLI_2025)  # a document with warnings: findings are facts too
    run(path, "--publish")
    document = Document.objects.get()
    first = fact_counts(document)
    assert first["Finding"] > 0 and first["FunctionExpenditure"] > 0
    assert first["ProfileItem"] > 0 and first["Statement"] > 0
    # A published document is re-imported into its correction (tests/test_corrections.py),
    # whose facts replace its copies of the document's exactly once.
    output, error = run(path, "--publish")
    assert error is None and "更正稿" in output
    correction = Document.objects.get(corrects=document)
    assert fact_counts(document) == {**first, "Document": 1}  # the one correction
    assert fact_counts(correction) == first
    # A draft is re-imported in place.
    correction.delete()
    Document.objects.filter(pk=document.pk).update(status="draft", published_on=None)
    run(path)
    assert Document.objects.get().pk == document.pk
    assert fact_counts(document) == first
    assert Finding.objects.count() == first["Finding"]


@pytest.mark.disclosures
def test_reimport_without_publish_keeps_the_publication_state(templates, disclosure):
    path = disclosure(WANLI_2024)
    run(path, "--publish", "--published-on", "2024-02-05")
    run(path)
    document = Document.objects.get(corrects=None)
    assert (document.status, document.published_on) == ("published", datetime.date(2024, 2, 5))
    # A re-import, with --publish or a new date, is a correction: the 公开日期 stays the
    # first publication's.
    run(path, "--publish", "--published-on", "2024-03-01")
    document.refresh_from_db()
    assert (document.status, document.published_on) == ("published", datetime.date(2024, 2, 5))
    assert Document.objects.filter(corrects=document, status="draft").count() == 1


@pytest.mark.disclosures
def test_a_new_document_without_publish_is_a_draft_and_stays_one(templates, disclosure):
    path = disclosure(OFFICE_UNIT)
    run(path)
    run(path)
    document = Document.objects.get()
    assert (document.status, document.published_on) == ("draft", None)


@pytest.mark.disclosures
def test_jiangsu_parts_are_grouped_by_their_covers_and_a_lone_narrative_refused(disclosure):
    names = [
        "江苏省委办公厅2019年度部门预算公开表格.pdf",
        "江苏省委办公厅2018年度部门预算公开文件.pdf",
        "江苏省委办公厅2019年度部门预算公开文件.pdf",
    ]
    files = registry.source_files((name, disclosure(name).read_bytes()) for name in names)
    pair, lone = registry.group_files(files)
    assert pair.names == [names[2], names[0]] and pair.error == ""  # narrative, then tables
    assert (pair.identity.year, pair.identity.part) == (2019, "whole")
    assert lone.names == [names[1]]
    assert "只收到公开文件（说明部分）" in lone.error and "缺少公开表格部分" in lone.error

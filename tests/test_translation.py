"""The English translation: complete, compiled, shown only on request, and never applied to data.

The msgids are the Chinese originals. With the ``django_language`` cookie set to ``en`` the
app's own words (navigation, headings, labels, admin model and field names, messages) are
English, while what the documents publish (organisation names, codes, official table titles
and printed column headers, narrative text) stays exactly as printed.
"""

import ast
import gettext
import re
from decimal import Decimal
from html import unescape
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from budgets.disclosures import arithmetic
from budgets.disclosures.models import FundingSource, RevenueLine
from budgets.organisations.models import Organisation

LOCALE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES"
BAOJI_UNIT = "宝鸡市人民政府口岸办公室"
#: Table headers for screen readers that Django 5.2's own zh-hans catalogue leaves in English.
DJANGO_ADMIN_UNTRANSLATED = ("Change or view list link", "Add link", "Model name")


def po_entries(path=LOCALE / "django.po"):
    """The entries of a .po file as dicts: flags, msgctxt, msgid, msgid_plural, msgstr {n: text}.

    Enough of the format for what makemessages writes (no external package needed).
    """
    entries, entry, field = [], None, None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if entry is not None:
                entries.append(entry)
            entry, field = None, None
            continue
        if entry is None:
            entry = {"flags": set(), "obsolete": False, "msgctxt": None, "msgid": ""}
            entry.update(msgid_plural=None, msgstr={})
        if line.startswith("#~"):
            entry["obsolete"] = True
        elif line.startswith("#,"):
            entry["flags"] |= {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue
        elif match := re.match(
            r"(msgctxt|msgid_plural|msgid|msgstr)(?:\[(\d)\])?\s+(\".*\")$", line
        ):
            keyword, index, text = match.groups()
            if keyword == "msgstr":
                field = ("msgstr", int(index or 0))
                entry["msgstr"][field[1]] = ast.literal_eval(text)
            else:
                field = (keyword, None)
                entry[keyword] = ast.literal_eval(text)
        elif line.startswith('"'):
            if field[0] == "msgstr":
                entry["msgstr"][field[1]] += ast.literal_eval(line)
            else:
                entry[field[0]] += ast.literal_eval(line)
        else:
            raise AssertionError(f"unexpected line in django.po: {line!r}")
    return entries


def messages():
    """Every real entry (not the header)."""
    return [entry for entry in po_entries() if entry["msgid"]]


def visible_text(response):
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", response.content.decode(), flags=re.S)
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def placeholders(text):
    return sorted(re.findall(r"%\(\w+\)[sd]", text))


def test_every_entry_is_translated_and_none_is_fuzzy():
    entries = po_entries()
    header = entries[0]
    assert header["msgid"] == "" and "fuzzy" not in header["flags"]
    assert "Language: en" in header["msgstr"][0]
    found = messages()
    assert len(found) > 400
    for entry in found:
        assert not entry["obsolete"], entry["msgid"]
        assert "fuzzy" not in entry["flags"], entry["msgid"]
        forms = [0, 1] if entry["msgid_plural"] else [0]
        assert sorted(entry["msgstr"]) == forms, entry["msgid"]
        for form in forms:
            translated = entry["msgstr"][form]
            assert translated.strip(), f"empty msgstr for {entry['msgid']!r}"
            # Same placeholders, so formatting an English message cannot fail.
            source = entry["msgid_plural"] if form else entry["msgid"]
            assert placeholders(translated) == placeholders(source), entry["msgid"]


#: What makemessages reads: the app's code and templates (not tests, node_modules, .venv).
CODE_DIR = Path(settings.BASE_DIR) / "budgets"
TEMPLATE_DIR = Path(settings.BASE_DIR) / "templates"
#: Names makemessages extracts from Python: (context argument or None, msgid argument).
GETTEXT_CALLS = {
    **dict.fromkeys(
        ("_", "gettext", "gettext_lazy", "gettext_noop", "ngettext", "ngettext_lazy"), (None, 0)
    ),
    **dict.fromkeys(("pgettext", "pgettext_lazy", "npgettext", "npgettext_lazy"), (0, 1)),
}
#: The UI's own modules: every Chinese string literal in them goes through translation,
#: except these data values (amount unit codes, the prefix stored findings are told by).
UI_MODULES = (
    "*/admin.py",
    "*/views.py",
    "*/forms.py",
    "review/*.py",
    "web/*.py",
    "security.py",
    "importers/limits.py",
    "disclosures/amount_fields.py",
    "*/management/commands/check_disclosures.py",
)
UI_DATA_LITERALS = {"元", "万元", "亿元", "（元）", "(元)", "提示："}
CHINESE = re.compile(r"[\u4e00-\u9fff]")


def call_name(node):
    return getattr(node.func, "id", None) or getattr(node.func, "attr", None)


def code_messages():
    """(context, msgid, where) of every gettext call with literal text in budgets/."""
    for path in sorted(CODE_DIR.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or call_name(node) not in GETTEXT_CALLS:
                continue
            context_at, msgid_at = GETTEXT_CALLS[call_name(node)]
            arguments = [arg.value if isinstance(arg, ast.Constant) else None for arg in node.args]
            if len(arguments) <= msgid_at or not isinstance(arguments[msgid_at], str):
                continue
            context = None if context_at is None else arguments[context_at]
            yield context, arguments[msgid_at], f"{path.relative_to(CODE_DIR)}:{node.lineno}"


def template_messages():
    """(context, msgid, where) of every translate/blocktranslate in templates/, read the way
    makemessages reads them (Django's templatize)."""
    from django.utils.translation.template import templatize

    call = re.compile(r"\b(n?p?gettext)\(((?:u?'(?:[^'\\]|\\.)*'(?:, )?)+)")
    literal = re.compile(r"u?'(?:[^'\\]|\\.)*'")
    for path in sorted(TEMPLATE_DIR.rglob("*.html")):
        code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
        for match in call.finditer(code):
            texts = [ast.literal_eval(text) for text in literal.findall(match[2])]
            context = texts.pop(0) if match[1].startswith(("pgettext", "npgettext")) else None
            yield context, texts[0], str(path.relative_to(TEMPLATE_DIR))


def test_every_string_marked_for_translation_is_in_the_catalogue():
    """makemessages was run after the last new string: a string wrapped in gettext (or in
    {% translate %}) but missing from django.po would show Chinese on an English page."""
    catalogue = {(entry["msgctxt"], entry["msgid"]) for entry in messages()}
    found = [*code_messages(), *template_messages()]
    assert len(found) > 500
    assert {where.split("/")[0] for *_, where in found} >= {"review", "disclosures", "admin"}
    missing = sorted(
        f"{where}: {msgid!r}"
        for context, msgid, where in found
        if (context, msgid) not in catalogue
    )
    assert not missing, "run makemessages -l en and translate:\n" + "\n".join(missing)


def test_templates_have_no_chinese_outside_translation_tags():
    """Text and filter arguments (“（空）”) in a template are the UI: they go through
    {% translate %} or {% blocktranslate %}. Comparisons with data in {% if %} are code."""
    untranslated = []
    for path in sorted(TEMPLATE_DIR.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        text = re.sub(r"{#.*?#}|{%\s*comment\s*%}.*?{%\s*endcomment\s*%}", "", text, flags=re.S)
        text = re.sub(
            r"{%\s*blocktrans(?:late)?\b.*?{%\s*endblocktrans(?:late)?\s*%}", "", text, flags=re.S
        )
        text = re.sub(r"{%.*?%}", "", text, flags=re.S)
        for number, line in enumerate(text.splitlines(), 1):
            if CHINESE.search(line):
                untranslated.append(f"{path.relative_to(TEMPLATE_DIR)}:{number}: {line.strip()}")
    assert not untranslated, "\n".join(untranslated)


def test_ui_modules_have_no_untranslated_chinese_literals():
    """A Chinese string in the admin, views, forms, review workflow or their messages is
    wrapped in gettext, so the English catalogue can give it English."""
    untranslated = []
    paths = sorted({path for pattern in UI_MODULES for path in CODE_DIR.glob(pattern)})
    assert any(path.parent.name == "review" for path in paths)
    for path in paths:
        tree = ast.parse(path.read_text(encoding="utf-8"))
        translated = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and call_name(node) in GETTEXT_CALLS:
                translated |= {id(sub) for arg in node.args for sub in ast.walk(arg)}
            elif isinstance(node, ast.Expr):  # docstrings and comments-as-strings
                translated.add(id(node.value))
        untranslated += [
            f"{path.relative_to(CODE_DIR)}:{node.lineno}: {node.value!r}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and CHINESE.search(node.value)
            and node.value not in UI_DATA_LITERALS
            and id(node) not in translated
        ]
    assert not untranslated, "\n".join(untranslated)


def eager_calls(tree, names, classes):
    """Calls to ``names`` run when the module is imported (at module level, or in class
    bodies when ``classes``), not inside a function or lambda."""
    deferred = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)
    pending = [node for node in tree.body if not isinstance(node, deferred)]
    while pending:
        node = pending.pop()
        if isinstance(node, ast.ClassDef) and not classes:
            continue
        if isinstance(node, ast.Call) and call_name(node) in names:
            yield node
        pending += [
            child for child in ast.iter_child_nodes(node) if not isinstance(child, deferred)
        ]


def test_no_message_is_translated_once_at_import():
    """gettext (not gettext_lazy) at import time fixes a message in the language of the
    moment: the admin showed the workflow's “撤回” button in Chinese on English pages."""
    eager = []
    for path in sorted(CODE_DIR.rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names = {
            alias.asname or alias.name
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and node.module == "django.utils.translation"
            for alias in node.names
            if alias.name in ("gettext", "ngettext", "pgettext", "npgettext")
        }
        # A management command's help is read once per run, in the command's language.
        classes = "commands" not in path.parts
        eager += [
            f"{path.relative_to(CODE_DIR)}:{call.lineno}"
            for call in eager_calls(tree, names, classes)
        ]
    assert not eager, eager


def test_no_msgstr_is_left_in_chinese():
    """A translated entry is English: no Chinese characters except quoted printed terms."""
    for entry in messages():
        for translated in entry["msgstr"].values():
            unquoted = re.sub(r"“[^”]*”", "", translated)
            assert not re.search(r"[\u4e00-\u9fff]", unquoted), (entry["msgid"], translated)


def test_the_committed_mo_matches_the_po():
    """compilemessages was run after the last change (fresh machines need no gettext)."""
    with open(LOCALE / "django.mo", "rb") as handle:
        catalogue = gettext.GNUTranslations(handle)
    for entry in messages():
        context, msgid = entry["msgctxt"], entry["msgid"]
        if entry["msgid_plural"]:
            for count, form in ((1, 0), (2, 1)):
                assert (
                    catalogue.ngettext(msgid, entry["msgid_plural"], count) == entry["msgstr"][form]
                )
        elif context is not None:
            assert catalogue.pgettext(context, msgid) == entry["msgstr"][0], msgid
        else:
            assert catalogue.gettext(msgid) == entry["msgstr"][0], msgid


@pytest.fixture
def baoji_unit(db):
    """Every fixture document loaded; the Baoji unit (pks are not assumed)."""
    call_command("loaddata", "templates", "baoji_2023", "shanghai_putuo", verbosity=0)
    return Organisation.objects.get(name=BAOJI_UNIT)


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def admin_user(db):
    return User.objects.create_superuser("translator-admin", password="pw")


def baoji_page(client, organisation, name="browse:document", **kwargs):
    return client.get(
        reverse(name, kwargs={"organisation": organisation.pk, "year": 2023, **kwargs})
    )


def test_home_page_in_english_keeps_names_chinese(english, baoji_unit):
    response = english.get(reverse("browse:home"))
    assert response.headers["Content-Language"] == "en"
    text = visible_text(response)
    for words in (
        "Department and unit budget disclosures",
        "Skip to content",
        "Amounts in",
        "As printed",
        "10,000 yuan",
        "Data API (JSON)",
    ):
        assert words in text
    # Data: regions as published, each with its departments counted in English; the first
    # region's departments listed.
    for name in ("上海市普陀区", "陕西省宝鸡市", "上海市普陀区人民政府万里街道办事处"):
        assert name in text
    assert re.search(r"陕西省宝鸡市 City · latest 2023 1 department · 1 document\b", text)
    assert re.search(r"上海市普陀区 District or county · latest \d+ \d+ departments\b", text)
    assert "部门和单位预算公开" not in text and "金额单位" not in text
    assert "个部门" not in text
    # A final accounts year reads as English beside the year, not “2024Final accounts”.
    assert "2024 final accounts" in text and "决算" not in text

    # Following the region's link, its department and unit keep their published names.
    baoji = re.search(r'href="(\?region=[^"]+)"[^>]*>陕西省宝鸡市</a>', response.content.decode())
    text = visible_text(english.get(reverse("browse:home") + unescape(baoji[1])))
    assert "宝鸡市人民政府办公室 Department" in text
    assert f"{BAOJI_UNIT} Unit 2023" in text


def test_organisation_year_page_in_english(english, baoji_unit):
    text = visible_text(baoji_page(english, baoji_unit))
    for words in (
        "Key figures",
        "(in 10,000 yuan)",
        "Revenue budget",
        "Basic expenditure",
        "Project expenditure",
        "“Three public expenses”",
        "Amounts in the original: 10,000 yuan",
        "Changes and reasons stated in the explanation",
        "Increase vs the prior year's budget",
        "Functional classification",
        # A class's name in English, as the Ministry of Finance publishes it.
        "201 General public services 173.00",
        "Authorised posts",
        "Official tables",
    ):
        assert words in text, words
    # The document's own words and figures stay as printed (the narrative's item names too,
    # even as misprinted: 实务 for 事务).
    for printed in (
        BAOJI_UNIT,
        "宝鸡市人民政府口岸办公室2023年单位综合预算",
        "增加了核增绩效工资预算收入",
        "表12 “三公”经费及会议费、培训费支出预算表",
        "其他政府办公厅（室）及相关机构实务（2010399）",
        "190.57",
    ):
        assert printed in text, printed
    assert "上年预算" not in text  # the stated comparison base is UI, not a printed term
    for chinese_label in ("主要数字", "支出构成", "单位概况", "人员与资产", "收入预算"):
        assert chinese_label not in text


def test_official_table_in_english_is_printed_as_published(english, baoji_unit):
    text = visible_text(baoji_page(english, baoji_unit, name="browse:table", position=12))
    for words in ("Download CSV", "Download XLSX", "Print", "Unit: 10,000 yuan", "Next"):
        assert words in text, words
    # Title and printed column headers of the official table are the public record.
    for printed in (
        "单位综合预算一般公共预算拨款“三公”经费",
        "因公出国（境）费用",
        "公务接待费",
        "上年",
    ):
        assert printed in text, printed
    assert "Official travel abroad" not in text

    # 表13's indicator levels come from model choices, yet print as the document does.
    text = visible_text(baoji_page(english, baoji_unit, name="browse:table", position=13))
    assert "产出指标" in text and "Output indicators" not in text


def test_admin_login_in_english(english, db):
    text = visible_text(english.get(reverse("admin:login")))
    assert "Budget disclosure · data management" in text
    assert "Log in" in text and "预算公开 · 数据管理" not in text


def test_admin_changelist_in_english(english, baoji_unit, admin_user):
    english.force_login(admin_user)
    response = english.get(reverse("admin:disclosures_document_changelist"))
    assert response.status_code == 200
    html = response.content.decode()
    text = visible_text(response)
    for words in (
        "Budget disclosures",  # the app
        "Budget disclosure documents",  # the model, plural
        "Import PDF",
        "Publication status",
        "Publication date",
        "Published",
        "Performance targets",
        "Departments and units",
    ):
        assert words in text, words
    assert "Publish the selected documents (after checking)" in html
    assert "宝鸡市人民政府口岸办公室2023年单位综合预算" in text
    assert "预算公开文件" not in text and "公开状态" not in text


def test_publication_check_messages_follow_the_language():
    """The checks the admin runs before publishing speak the clerk's language."""
    by_source = RevenueLine(source=FundingSource.GENERAL_PUBLIC, amount=Decimal("1.00"))
    by_function = RevenueLine(
        source=FundingSource.GENERAL_PUBLIC, function_id=1, amount=Decimal("2.00")
    )
    facts = {"revenue": [by_source, by_function], "function_lines": [], "economic_lines": []}
    with translation.override("en"):
        problems = arithmetic.check_document(**facts)
    assert [problem.table for problem in problems] == ["Revenue", "Revenue and expenditure"]
    assert problems[0].message.startswith("Enter all revenue either by functional classification")
    assert problems[1].row == "Total"
    assert problems[1].message == "Revenue 3.00 yuan ≠ Expenditure 0 yuan"
    with translation.override("zh-hans"):
        problems = arithmetic.check_document(**facts)
    assert problems[1].message == "收入 3.00 元 ≠ 支出 0 元"


def test_chinese_pages_show_none_of_the_english(client, baoji_unit, admin_user):
    """Without the cookie every page is Chinese: none of the English added here appears."""
    english = {
        translated
        for entry in messages()
        for translated in entry["msgstr"].values()
        if translated != entry["msgid"]
        and "%" not in translated
        and len(translated) >= 5
        and re.search(r"[A-Za-z]{4}", translated)
    }
    assert len(english) > 300
    client.force_login(admin_user)
    pages = [
        reverse("browse:home"),
        reverse("browse:document", kwargs={"organisation": baoji_unit.pk, "year": 2023}),
        reverse(
            "browse:table", kwargs={"organisation": baoji_unit.pk, "year": 2023, "position": 12}
        ),
        reverse(
            "browse:drill",
            kwargs={"organisation": baoji_unit.pk, "year": 2023, "scheme": "function"},
        ),
        reverse("admin:disclosures_document_changelist"),
        reverse("admin:index"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200
        assert response.headers["Content-Language"] == "zh-hans"
        text = visible_text(response)
        for django_own in DJANGO_ADMIN_UNTRANSLATED:
            text = text.replace(django_own, "")
        leaked = sorted(words for words in english if words in text)
        assert not leaked, (url, leaked)
    assert "主要数字" in visible_text(client.get(pages[1]))

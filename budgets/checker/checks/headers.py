"""The organisation each table names in its header (编制部门：…, 部门：…) against the cover's."""

import re

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..base import ERROR, Hit, Rule
from ..text import flatten

HEADER = re.compile(
    r"^(?P<label>编制单位|编制部门|部门名称|单位名称|部门)\s*[:：]\s*(?P<name>.+?)"
    r"(?:\s*单\s*位\s*[:：].*)?$"
)
#: Full and short forms of the same name (“中国共产党江苏省委员会办公厅” = “中共江苏省委办公厅”).
SHORT_FORMS = (("中国共产党", "中共"), ("委员会", "委"), ("（本级）", ""), ("（本部）", ""))
#: A header cut short by a line break goes on within this many lines (“部门名称：江苏省人大”,
#: “单位:万元”, “常委会办公厅”).
WRAPPED_WITHIN = 3


def normalised(name):
    name = flatten(name)
    for long, short in SHORT_FORMS:
        name = name.replace(long, short)
    return name


def same_organisation(printed, cover, following):
    """Whether a header's ``printed`` name is ``cover``'s, or its start with the rest on
    one of the ``following`` lines."""
    printed, cover = normalised(printed), normalised(cover)
    if printed == cover:
        return True
    rest = cover.removeprefix(printed)
    return (
        bool(printed)
        and rest != cover
        and any(normalised(line).startswith(rest) for line in following)
    )


def header_organisations(context):
    """Each header line naming another organisation than the cover (read line by line: a
    header is one line over its table, its name not wrapped into a sentence)."""
    if context.identity is None:
        return []
    cover = context.organisation
    hits = []
    for page in context.text.pages:
        for index, line in enumerate(page.lines):
            match = HEADER.match(line.strip())
            following = page.lines[index + 1 : index + 1 + WRAPPED_WITHIN]
            if not match or same_organisation(match.group("name"), cover, following):
                continue
            name = flatten(match.group("name"))
            hits.append(
                Hit(
                    _("表头的%(label)s“%(name)s”与封面的“%(cover)s”不是同一单位。")
                    % {"label": match.group("label"), "name": name, "cover": cover},
                    file=page.file,
                    page=page.number,
                    line=index + 1,
                    table=flatten(page.lines[index - 1]) if index else "",
                    text=flatten(line),
                    figures=(name, cover),
                )
            )
    return hits


RULES = [
    Rule(
        id="T06",
        severity=ERROR,
        title=gettext_lazy("表头单位与封面不符"),
        description=gettext_lazy(
            "每张公开表的表头写明编制单位或部门（“编制部门：…”“部门：…”），应与封面的单位一致。"
            "全称与简称（“中国共产党…委员会”与“中共…委”）视为一致；名称被换行截断、下文接着印出"
            "其余部分的，也不报告。"
            "表头写成另一单位，说明表格可能取自别的单位的文件。"
        ),
        check=header_organisations,
        example=gettext_lazy(
            "第9页：表头的编制部门“上海市普陀区审计局”与封面的“上海市普陀区财政局”不是同一单位。"
        ),
        families=("shanghai_budget", "jiangsu"),
    ),
]

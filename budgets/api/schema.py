"""The OpenAPI 3.1 description of the JSON API, built from the URLconf and ``ROUTES``.

Paths and path parameters come from the URLconf itself (every route under /api/, by its
URL name), so a moved route moves in the schema too; what each route answers is declared
here, next to the views: summary, query parameters, response schema, an example from the
committed fixtures. A route under /api/ with no declaration is left out of the schema,
which the contract test (tests/test_api_contract.py) refuses.

Descriptions are translated (Chinese, or English when chosen), examples are data.
"""

import re
from dataclasses import dataclass, field

from django.urls import URLPattern, URLResolver, get_resolver
from django.utils.translation import gettext_lazy as _

from budgets.disclosures.models import Document, RestrictedSpending
from budgets.disclosures.money import AMOUNT_UNITS

from . import projects

OPENAPI_VERSION = "3.1.0"
API_VERSION = "1.1"
PARAMETER = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
CONVERTER_SCHEMAS = {
    "int": {"type": "integer", "minimum": 0},
    "str": {"type": "string"},
    "slug": {"type": "string", "pattern": "^[-a-zA-Z0-9_]+$"},
    "path": {"type": "string"},
}


# ---------------------------------------------------------------------------
# Response schemas (JSON Schema 2020-12, as OpenAPI 3.1 uses it).


def component(name):
    return {"$ref": f"#/components/schemas/{name}"}


NULLABLE_STRING = {"type": ["string", "null"]}
URL = {"type": "string", "format": "uri"}
DECIMAL = {"type": "string", "pattern": r"^-?[0-9]+(\.[0-9]+)?$"}

SUMMARY_PROPERTIES = {
    "id": {"type": "integer"},
    "title": {"type": "string"},
    "organisation": {"type": "string"},
    "organisation_id": {"type": "integer"},
    "organisation_code": NULLABLE_STRING,
    "region": {"type": "string"},
    "region_code": {"type": "string", "pattern": "^[0-9]{6}$"},
    "year": {"type": "integer"},
    "scope": {"enum": list(Document.Scope.values)},
    "stage": {"enum": list(Document.Stage.values)},
    "amount_unit": {"enum": [unit for unit, _label in AMOUNT_UNITS]},
    "url": URL,
}


NULLABLE_DECIMAL = {"type": ["string", "null"], "pattern": DECIMAL["pattern"]}
REGION_DOCUMENT = {
    "id": {"type": "integer"},
    "organisation": {"type": "string"},
    "organisation_code": NULLABLE_STRING,
    "region": {"type": "string", "pattern": "^[0-9]{6}$"},
    "scope": SUMMARY_PROPERTIES["scope"],
    "year": {"type": "integer"},
    "url": URL,
    "html_url": URL,
}
THREE_PUBLIC_AMOUNTS = {
    name: NULLABLE_DECIMAL for name in ("three_public", *RestrictedSpending.AMOUNT_FIELDS)
}


def paged_list(item):
    """A page of a list (``?page=``, ``?page_size=``): its count, neighbours and items."""
    return strict(
        {
            "count": {"type": "integer", "minimum": 0},
            "next": {"type": ["string", "null"], "format": "uri"},
            "previous": {"type": ["string", "null"], "format": "uri"},
            "results": {"type": "array", "items": component(item)},
        }
    )


def strict(properties, required=None):
    return {
        "type": "object",
        "required": list(properties if required is None else required),
        "properties": properties,
        "additionalProperties": False,
    }


SCHEMAS = {
    "Error": strict(
        {
            "error": strict(
                {
                    "status": {"type": "integer"},
                    "message": {"type": "string"},
                    "parameter": {"type": "string"},
                },
                required=["status", "message"],
            )
        }
    ),
    "DocumentSummary": strict(SUMMARY_PROPERTIES),
    "DocumentList": strict(
        {
            "count": {"type": "integer", "minimum": 0},
            "next": {"type": ["string", "null"], "format": "uri"},
            "previous": {"type": ["string", "null"], "format": "uri"},
            "results": {"type": "array", "items": component("DocumentSummary")},
        }
    ),
    "TableLink": strict({"number": {"type": "string"}, "title": {"type": "string"}, "url": URL}),
    "Finding": strict(
        {
            "severity": {"enum": ["error", "warning"]},
            "table": NULLABLE_STRING,
            "row": NULLABLE_STRING,
            "message": {"type": "string"},
        }
    ),
    "Document": strict(
        {
            **SUMMARY_PROPERTIES,
            "html_url": URL,
            "tables": {"type": "array", "items": component("TableLink")},
            "findings": {"type": "array", "items": component("Finding")},
            "projects": {"type": "array", "items": component("Project")},
        }
    ),
    "Project": strict(
        {
            "position": {"type": "integer", "minimum": 1},
            "name": {"type": "string"},
            "amount": NULLABLE_DECIMAL,
            "html_url": URL,
            "description": {"type": "string"},
            "targets": {"oneOf": [{"type": "null"}, component("ProjectTargets")]},
        }
    ),
    "ProjectTargets": strict(
        {
            **{
                name: {"type": "string"}
                for name in ("nature", "category", "competent_department", "implementer")
            },
            "start_date": {"type": ["string", "null"], "format": "date"},
            "end_date": {"type": ["string", "null"], "format": "date"},
            **dict.fromkeys(projects.FUNDING, NULLABLE_DECIMAL),
            "overall_goal": {"type": "string"},
            "annual_goal": {"type": "string"},
            "indicators": {"type": "array", "items": component("Indicator")},
        }
    ),
    "Indicator": strict(
        {
            "level1": {"enum": ["output", "benefit", "satisfaction"]},
            "level2": {"type": "string"},
            "content": {"type": "string"},
            "value": {"type": "string"},
        }
    ),
    "Table": strict(
        {
            "number": {"type": "string"},
            "title": {"type": "string"},
            "amount_unit": {"enum": [unit for unit, _label in AMOUNT_UNITS]},
            "columns": {"type": "array", "items": {"type": "string"}},
            "rows": {
                "type": "array",
                "items": {"type": "array", "items": {"type": ["string", "null"]}},
            },
            "note": {"type": "string"},
        }
    ),
    "Decimal": DECIMAL,
    # The region routes (budgets/regions/api.py): sums in 元, two places.
    "Region": strict(
        {"code": {"type": "string"}, "name": {"type": "string"}, "full_name": {"type": "string"}}
    ),
    "RegionDocument": strict(REGION_DOCUMENT),
    "CodeAmount": strict(
        {"code": {"type": "string"}, "name": {"type": "string"}, "amount": NULLABLE_DECIMAL}
    ),
    "RankedDepartment": strict(
        {
            **REGION_DOCUMENT,
            "rank": {"type": "integer"},
            "total": NULLABLE_DECIMAL,
            "prior_year": {"type": ["integer", "null"]},
            "prior_total": NULLABLE_DECIMAL,
            "change": NULLABLE_DECIMAL,
            "percent_change": NULLABLE_DECIMAL,
        }
    ),
    "RegionYear": strict(
        {
            "region": component("Region"),
            "year": {"type": "integer"},
            "amount_unit": {"const": "元"},
            "rule": {"type": "string"},
            "document_count": {"type": "integer", "minimum": 0},
            "total": NULLABLE_DECIMAL,
            "by_function": {"type": "array", "items": component("CodeAmount")},
            "by_dept_economic": {"type": "array", "items": component("CodeAmount")},
            "departments": paged_list("RankedDepartment"),
            "not_counted_count": {"type": "integer", "minimum": 0},
            "not_counted": {"type": "array", "items": component("RegionDocument")},
            "three_public_url": URL,
        }
    ),
    "ThreePublicAmounts": strict(THREE_PUBLIC_AMOUNTS),
    "ThreePublicDepartment": strict(
        {
            **REGION_DOCUMENT,
            **THREE_PUBLIC_AMOUNTS,
            "prior_year": {"type": ["integer", "null"]},
            "prior_three_public": NULLABLE_DECIMAL,
            "change": NULLABLE_DECIMAL,
            "percent_change": NULLABLE_DECIMAL,
        }
    ),
    "ThreePublic": strict(
        {
            "region": component("Region"),
            "year": {"type": "integer"},
            "amount_unit": {"const": "元"},
            "rule": {"type": "string"},
            "departments": paged_list("ThreePublicDepartment"),
            "total": component("ThreePublicAmounts"),
        }
    ),
    # Budget against spending (budgets/execution/api.py): amounts in 元, rates in percent.
    "Stated": {
        "type": ["object", "null"],
        "required": ["basis", "budget", "completion_percent", "reason"],
        "properties": {
            "basis": NULLABLE_STRING,
            "budget": NULLABLE_DECIMAL,
            "completion_percent": NULLABLE_DECIMAL,
            "reason": NULLABLE_STRING,
        },
        "additionalProperties": False,
    },
    "ExecutionFigures": strict(
        {
            "budget": NULLABLE_DECIMAL,
            "final": NULLABLE_DECIMAL,
            "difference": NULLABLE_DECIMAL,
            "execution_rate": NULLABLE_DECIMAL,
            "stated": component("Stated"),
        }
    ),
    "ExecutionRow": strict(
        {
            "code": {"type": "string", "pattern": "^[0-9]+$"},
            "name": {"type": "string"},
            "budget": NULLABLE_DECIMAL,
            "final": NULLABLE_DECIMAL,
            "difference": NULLABLE_DECIMAL,
            "execution_rate": NULLABLE_DECIMAL,
            "stated": component("Stated"),
        }
    ),
    "Execution": strict(
        {
            "organisation_id": {"type": "integer"},
            "organisation": {"type": "string"},
            "year": {"type": "integer"},
            "amount_unit": {"const": "元"},
            "basis": {"enum": ["budget_document", "final_accounts"]},
            "final_accounts": {"oneOf": [component("RegionDocument"), {"type": "null"}]},
            "budget": {"oneOf": [component("RegionDocument"), {"type": "null"}]},
            "total": component("ExecutionFigures"),
            "rows": {"type": "array", "items": component("ExecutionRow")},
            "html_url": {"type": ["string", "null"], "format": "uri"},
            "api_documents_url": URL,
        }
    ),
    "OpenAPI": {
        "type": "object",
        "required": ["openapi", "info", "paths"],
        "properties": {"openapi": {"type": "string", "pattern": r"^3\.1\."}},
    },
}


# ---------------------------------------------------------------------------
# The routes.


@dataclass(frozen=True)
class Query:
    name: str
    description: object
    schema: dict
    example: object = None


@dataclass(frozen=True)
class Route:
    """What the route named ``name`` (namespace included) answers to GET."""

    name: str
    summary: object
    description: object
    response: str  # a component name, or "" for HTML
    example: object = None
    query: tuple = ()
    path: dict = field(default_factory=dict)  # path parameter name: description
    errors: tuple = (404, 405)
    media_type: str = "application/json"


PK = _("文件编号（列表中的 id）。")

#: ``?page=`` and ``?page_size=`` of a paged list (``web.api.page_of``).
PAGING = (
    Query("page", _("页码，从 1 起。"), {"type": "integer", "minimum": 1, "default": 1}),
    Query(
        "page_size",
        _("每页条数，默认 50，最多 200。"),
        {"type": "integer", "minimum": 1, "maximum": 200, "default": 50},
    ),
)

BAOJI_SUMMARY = {
    "id": 1,
    "title": "宝鸡市人民政府口岸办公室2023年单位综合预算",
    "organisation": "宝鸡市人民政府口岸办公室",
    "organisation_id": 2,
    "organisation_code": "402002",
    "region": "宝鸡市",
    "region_code": "610300",
    "year": 2023,
    "scope": "unit",
    "stage": "budget",
    "amount_unit": "万元",
    "url": "https://example.org/api/documents/1/",
}

REGION_PATH = {
    "code": _("行政区划代码（六位数字），含其下级地区。"),
    "year": _("年度。"),
}
PUTUO = {"code": "310107", "name": "普陀区", "full_name": "上海市普陀区"}
WANLI_2025 = {
    "id": 13,
    "organisation": "上海市普陀区人民政府万里街道办事处",
    "organisation_code": None,
    "region": "310107",
    "scope": "department",
    "year": 2025,
    "url": "https://example.org/api/documents/13/",
    "html_url": "https://example.org/org/6/2025/",
}

ROUTES = [
    Route(
        "api:documents",
        summary=_("已公开的文件列表"),
        description=_(
            "只含已公开的文件，按地区代码、单位代码、年度、编号排序，分页返回。"
            "count 是符合条件的文件总数；next、previous 是后一页、前一页的完整地址，"
            "没有时为 null。筛选条件可以组合；取值有误时答 400。"
        ),
        response="DocumentList",
        query=(
            Query("year", _("年度（四位数字）。"), {"type": "integer"}, 2025),
            Query(
                "region",
                _("行政区划代码（六位数字），含其下级地区，如 310000 含普陀区。"),
                {"type": "string", "pattern": "^[0-9]{6}$"},
                "310107",
            ),
            Query(
                "organisation",
                _("部门或单位的编号（organisation_id）。"),
                {"type": "integer", "minimum": 0},
                2,
            ),
            Query(
                "scope", _("范围：单位（unit）或部门（department）。"), SUMMARY_PROPERTIES["scope"]
            ),
            Query(
                "stage",
                _("阶段：预算（budget）或决算（final_accounts）。"),
                SUMMARY_PROPERTIES["stage"],
            ),
            *PAGING,
        ),
        example={
            "count": 19,
            "next": "https://example.org/api/documents/?page_size=1&page=2",
            "previous": None,
            "results": [BAOJI_SUMMARY],
        },
        errors=(400, 404, 405),
    ),
    Route(
        "api:document",
        summary=_("一份已公开的文件"),
        description=_(
            "列表中的字段，加上网页地址 html_url、按公开顺序排列的各表 tables，"
            "数据核对结果 findings，以及项目 projects（金额以元计；文件印有绩效目标填报表的，"
            "targets 按印出列出资金、目标和各项指标，一级指标 level1 为 output/benefit/"
            "satisfaction，二级指标 level2 为其代码）。未公开或不存在的编号答 404。"
        ),
        response="Document",
        path={"pk": PK},
        example={
            **BAOJI_SUMMARY,
            "html_url": "https://example.org/org/2/2023/",
            "tables": [
                {
                    "number": "表1",
                    "title": "单位综合预算收支总表",
                    "url": "https://example.org/api/documents/1/tables/1/",
                }
            ],
            "findings": [],
            "projects": [
                {
                    "position": 1,
                    "name": "2023年度本级专项口岸业务经费",
                    "amount": "564000.00",
                    "html_url": "https://example.org/org/2/2023/projects/1/",
                    "description": "",
                    "targets": None,
                }
            ],
        },
    ),
    Route(
        "api:table",
        summary=_("文件中的一张表"),
        description=_(
            "columns 是末级列名；rows 按印发顺序列出各行，金额为十进制字符串（不用浮点数），"
            "空白为 null；编码总是完整编码。amount_unit 是表中金额的单位，note 是表下注释。"
        ),
        response="Table",
        path={"pk": PK, "n": _("表在文件中的顺序，从 1 起（即 tables 中的次序）。")},
        example={
            "number": "表5",
            "title": "单位综合预算一般公共预算支出明细表（按支出功能分类科目）",
            "amount_unit": "万元",
            "columns": [
                "功能科目编码",
                "功能科目名称",
                "合计",
                "人员经费支出",
                "公用经费支出",
                "专项业务经费支出",
                "备注",
            ],
            "rows": [
                ["合计", None, "190.57", "122.11", "4.00", "64.46", None],
                ["2010350", "事业运行", "108.54", "104.54", "4.00", None, None],
            ],
            "note": "",
        },
    ),
    Route(
        "api:region",
        summary=_("一个地区一年的预算合计"),
        description=_(
            "地区（含其下级地区）各部门当年预算的合计、按支出功能分类和部门预算支出经济分类"
            "“类”的合计，以及各部门的排名和与上一个公开年度的比较；金额以元为单位。"
            "rule 说明哪些文件计入合计，not_counted 列出未计入的文件（前20份，"
            "共 not_counted_count 份）。departments 分页（page、page_size），按合计排名。"
        ),
        response="RegionYear",
        query=PAGING,
        errors=(400, 404, 405),
        path=REGION_PATH,
        example={
            "region": PUTUO,
            "year": 2025,
            "amount_unit": "元",
            "rule": "合计只计各部门的部门预算（已包含其下属单位）；……",
            "document_count": 3,
            "total": "311998532.15",
            "by_function": [{"code": "212", "name": "城乡社区支出", "amount": "154369326.00"}],
            "by_dept_economic": [{"code": "301", "name": "工资福利支出", "amount": "133518437.81"}],
            "departments": {
                "count": 3,
                "next": None,
                "previous": None,
                "results": [
                    {
                        **WANLI_2025,
                        "rank": 1,
                        "total": "189767551.00",
                        "prior_year": 2024,
                        "prior_total": "156211123.00",
                        "change": "33556428.00",
                        "percent_change": "21.48",
                    }
                ],
            },
            "not_counted_count": 0,
            "not_counted": [],
            "three_public_url": "https://example.org/api/regions/310107/2025/three-public/",
        },
    ),
    Route(
        "api:region_three_public",
        summary=_("一个地区一年各部门的“三公”经费"),
        description=_(
            "各部门的“三公”经费及其各项、会议费、培训费、机关运行经费（元），"
            "与上一个公开年度的比较，以及地区合计；未公开的数字为 null。"
            "departments 分页（page、page_size），按“三公”经费从大到小；total 为全部部门之和。"
        ),
        response="ThreePublic",
        query=PAGING,
        errors=(400, 404, 405),
        path=REGION_PATH,
        example={
            "region": PUTUO,
            "year": 2025,
            "amount_unit": "元",
            "rule": "合计只计各部门的部门预算（已包含其下属单位）；……",
            "departments": {
                "count": 3,
                "next": None,
                "previous": None,
                "results": [
                    {
                        **WANLI_2025,
                        **dict.fromkeys(THREE_PUBLIC_AMOUNTS),
                        "three_public": "8675000.00",
                        "outbound_travel": "8390000.00",
                        "reception": "285000.00",
                        "administrative_running": "2132800.00",
                        "prior_year": None,
                        "prior_three_public": None,
                        "change": None,
                        "percent_change": None,
                    }
                ],
            },
            "total": {
                **dict.fromkeys(THREE_PUBLIC_AMOUNTS),
                "three_public": "9063600.00",
                "outbound_travel": "8390000.00",
                "reception": "308000.00",
                "vehicle_purchase": "150000.00",
                "vehicle_operation": "215600.00",
                "administrative_running": "9073500.00",
            },
        },
    ),
    Route(
        "api:organisation_execution",
        summary=_("一个部门或单位一年的预算执行：预算与决算逐科目对照"),
        description=_(
            "该年已公开决算的一般公共预算财政拨款支出按功能科目（类、款、项）与同年预算对照："
            "预算数、决算数、差额（决算数减预算数）、执行率（决算数 ÷ 预算数，百分数，两位小数），"
            "以及决算情况说明所述的预算数、完成率和原因（stated）。basis 为 budget_document 时"
            "预算数取自同年已公开的预算文件；为 final_accounts 时该年没有已公开的预算，"
            "预算数为决算文件所列年初预算数。金额为元，十进制字符串；没有的数为 null。"
            "只有预算、决算尚未公开时，final_accounts 与各决算数为 null；"
            "该年既无已公开的决算也无预算时答 404。"
        ),
        response="Execution",
        path={
            "organisation": _("部门或单位的编号（organisation_id）。"),
            "year": _("年度（四位数字）。"),
        },
        example={
            "organisation_id": 21,
            "organisation": "中共上海市普陀区委社会工作部",
            "year": 2024,
            "amount_unit": "元",
            "basis": "final_accounts",
            "final_accounts": {
                "id": 20,
                "organisation": "中共上海市普陀区委社会工作部",
                "organisation_code": None,
                "region": "310107",
                "scope": "department",
                "year": 2024,
                "url": "https://example.org/api/documents/20/",
                "html_url": "https://example.org/org/21/2024/final/",
            },
            "budget": None,
            "total": {
                "budget": "3210200.00",
                "final": "3078200.00",
                "difference": "-132000.00",
                "execution_rate": "95.89",
                "stated": {
                    "basis": "年初预算",
                    "budget": "0.00",
                    "completion_percent": "95.89",
                    "reason": None,
                },
            },
            "rows": [
                {
                    "code": "2013901",
                    "name": "行政运行",
                    "budget": "520000.00",
                    "final": "513200.00",
                    "difference": "-6800.00",
                    "execution_rate": "98.69",
                    "stated": {
                        "basis": "全年预算",
                        "budget": "520000.00",
                        "completion_percent": "98.69",
                        "reason": "人员变动引起实际支出低于预算",
                    },
                }
            ],
            "html_url": "https://example.org/org/21/2024/execution/",
            "api_documents_url": "https://example.org/api/documents/?organisation=21&year=2024",
        },
    ),
    Route(
        "api:schema",
        summary=_("本接口的 OpenAPI 3.1 描述"),
        description=_("即本页所依据的描述，可供生成客户端。"),
        response="OpenAPI",
        errors=(405,),
    ),
    Route(
        "api:docs",
        summary=_("本接口的说明页"),
        description=_("由 OpenAPI 描述生成的网页（即本页）。"),
        response="",
        errors=(405,),
        media_type="text/html",
    ),
]
DECLARED = {route.name: route for route in ROUTES}

ERRORS = {
    400: _("查询参数取值有误（error.parameter 指明哪一个）。"),
    404: _("没有这项已公开的数据，或没有这一页。"),
    405: _("只接受 GET（和 HEAD）请求；OPTIONS 答跨域预检。"),
}


# ---------------------------------------------------------------------------
# The URLconf's routes under /api/ and the document built from them.


def api_routes(patterns=None, prefix="", namespace=()):
    """(URL name with its namespaces, route template) of every route under api/."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            names = (*namespace, pattern.namespace) if pattern.namespace else namespace
            yield from api_routes(pattern.url_patterns, route, names)
        elif isinstance(pattern, URLPattern) and route.startswith("api/"):
            yield ":".join((*namespace, pattern.name or "")), route


def openapi_path(route):
    """``api/documents/<int:pk>/`` as OpenAPI writes it: ``/api/documents/{pk}/``."""
    return "/" + PARAMETER.sub(lambda match: "{" + match["name"] + "}", route)


def operation(route, declared):
    parameters = [
        {
            "name": match["name"],
            "in": "path",
            "required": True,
            "description": str(declared.path.get(match["name"], "")),
            "schema": CONVERTER_SCHEMAS.get(match["converter"] or "str", {"type": "string"}),
        }
        for match in PARAMETER.finditer(route)
    ]
    for query in declared.query:
        parameter = {
            "name": query.name,
            "in": "query",
            "required": False,
            "description": str(query.description),
            "schema": query.schema,
        }
        if query.example is not None:
            parameter["example"] = query.example
        parameters.append(parameter)
    content = {"schema": component(declared.response) if declared.response else {"type": "string"}}
    if declared.example is not None:
        content["example"] = declared.example
    responses = {
        "200": {
            "description": str(declared.summary),
            "headers": {
                "Access-Control-Allow-Origin": {"schema": {"type": "string", "const": "*"}}
            },
            "content": {declared.media_type: content},
        }
    }
    for status in declared.errors:
        responses[str(status)] = {
            "description": str(ERRORS[status]),
            "content": {"application/json": {"schema": component("Error")}},
        }
    return {
        "operationId": declared.name.replace(":", "_"),
        "summary": str(declared.summary),
        "description": str(declared.description),
        "parameters": parameters,
        "responses": responses,
    }


def document(request):
    """The OpenAPI document, in the language of the request."""
    paths = {}
    for name, route in api_routes():
        declared = DECLARED.get(name)
        if declared is not None:
            paths[openapi_path(route)] = {"get": operation(route, declared)}
    return {
        "openapi": OPENAPI_VERSION,
        "info": {
            "title": str(_("预算公开 JSON 接口")),
            "version": API_VERSION,
            "description": str(
                _(
                    "只读，只含已公开的文件。金额为十进制字符串，单位见 amount_unit；"
                    "空白为 null。任何来源均可跨域读取（GET，不带凭据）。"
                    '错误答 JSON：{"error": {"status", "message"}}。'
                )
            ),
        },
        "servers": [{"url": request.build_absolute_uri("/").rstrip("/")}],
        "paths": paths,
        "components": {"schemas": SCHEMAS},
    }


def operations(description):
    """The document's operations, flattened for the docs page."""
    flat = []
    for path, methods in description["paths"].items():
        for method, details in methods.items():
            responses = []
            for status, response in details["responses"].items():
                for media_type, content in response.get("content", {}).items():
                    entry = {
                        "status": status,
                        "description": response["description"],
                        "media_type": media_type,
                        "schema": content["schema"].get("$ref", "").rsplit("/", 1)[-1],
                    }
                    if "example" in content:
                        entry["example"] = content["example"]
                    responses.append(entry)
            flat.append(
                {
                    "path": path,
                    "method": method.upper(),
                    "id": details["operationId"],
                    "summary": details["summary"],
                    "description": details["description"],
                    "parameters": [
                        {**parameter, "type": type_of(parameter["schema"])}
                        for parameter in details["parameters"]
                    ],
                    "responses": responses,
                }
            )
    return flat


def type_of(schema):
    if "enum" in schema:
        return " | ".join(str(value) for value in schema["enum"])
    text = schema.get("type", "")
    if "pattern" in schema:
        text += f" ({schema['pattern']})"
    if "maximum" in schema:
        text += f" ≤ {schema['maximum']}"
    return text

"""The published contract: readable operation ids, and the errors every operation can answer.

FastAPI describes each route's success and a default 422 in `application/json`; the service really
answers RFC 9457 problems in `application/problem+json`, with more statuses. This module turns the
generated document into that contract in one place, from what each route declares (its method,
path, body and dependencies), so a new route is described correctly without per-route work.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re
from functools import cache
from pathlib import Path
from typing import Any

from fastapi import FastAPI, routing
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute

from wallet.domain.errors import DomainError
from wallet.http import problems

# Route function names that would not read well turned straight into camelCase.
OPERATION_IDS = {
    "healthz": "getHealth",
    "readyz": "getReadiness",
    "metrics": "getMetrics",
    "get_accreditations": "listAccreditations",
    "post_accreditation": "accreditHolder",
    "get_alerts": "listAlerts",
    "post_acknowledge": "acknowledgeAlert",
    "post_api_key": "createApiKey",
    "approve": "approvePayment",
    "reject": "rejectPayment",
    "get_grants": "listAuditGrants",
    "post_grant": "createAuditGrant",
    "post_revoke": "revokeAuditGrant",
    "get_head": "getJournalHead",
    "get_verify": "verifyJournal",
    "get_events": "listEvents",
    "post_funding_run": "runFundingSchedules",
    "post_holder_move": "moveHolder",
    "post_capture": "captureHold",
    "post_release": "releaseHold",
    "post_organisation": "createOrganisation",
    "post_period_close": "proposePeriodClose",
    "post_confirm": "confirmPeriodClose",
    "get_policies": "listPolicies",
    "post_policy": "createPolicy",
    "read_policy": "getPolicy",
    "post_policy_version": "createPolicyVersion",
    "get_pools": "listPools",
    "post_pool": "createPool",
    "post_close": "closePool",
    "get_contribution_schedules": "listContributionSchedules",
    "post_contribution_schedule": "createContributionSchedule",
    "post_contribution_schedule_end": "endContributionSchedule",
    "post_contribution": "createContribution",
    "post_member": "addPoolMember",
    "delete_member": "removePoolMember",
    "post_pool_payment": "createPoolPayment",
    "get_journal": "exportJournal",
    "read_transaction": "getTransaction",
    "post_reversal": "reverseTransaction",
    "get_wallets": "listWallets",
    "post_wallet": "createWallet",
    "post_wallet_batch": "createWalletBatch",
    "post_payment_batch": "createPaymentBatch",
    "get_balance": "getWalletBalance",
    "post_closure": "closeWallet",
    "post_funding": "createFunding",
    "post_hold": "createHold",
    "post_move": "moveWallet",
    "post_payment": "createPayment",
    "get_schedules": "listSchedules",
    "post_schedule": "createSchedule",
    "post_amount_change": "changeScheduleAmount",
    "post_schedule_end": "endSchedule",
    "get_statement": "getWalletStatement",
    "get_wallet_transactions": "listWalletTransactions",
    "post_suspension": "suspendWallet",
    "get_suspensions": "listSuspensions",
    "post_resume": "resumeWallet",
}

CAMEL_CASE = re.compile(r"^[a-z][a-zA-Z0-9]*$")


def operation_id(route: APIRoute) -> str:
    """FastAPI's `generate_unique_id_function`: a route's `operation_id=` still wins over this."""
    name = route.name
    if name in OPERATION_IDS:
        return OPERATION_IDS[name]
    first, *rest = name.split("_")
    return first + "".join(word.capitalize() for word in rest)


# --- problems ----------------------------------------------------------------------------

PROBLEM_JSON = problems.PROBLEM_JSON

# Problems made by the HTTP layer itself rather than raised as a DomainError.
HTTP_PROBLEMS: tuple[tuple[str, str, int], ...] = (
    ("validation-error", "The request is not valid", 422),
    ("bad-request", "Bad request", 400),
    ("unauthenticated", "Authentication required", 401),
    ("not-found", "Not found", 404),
    ("method-not-allowed", "Method not allowed", 405),
    ("not-acceptable", "Not acceptable", 406),
    ("request-too-large", "Request too large", 413),
    ("unsupported-media-type", "Unsupported media type", 415),
    ("rate-limited", "Rate limited", 429),
    ("internal-error", "Internal error", 500),
    ("database-unavailable", "The database is not available", 503),
    ("outcome-unknown", "The outcome of this request is not known", 503),
)

STATUS_DESCRIPTIONS = {
    400: "The request could not be read",
    401: "No API key, or one that is unknown or revoked",
    403: "The key's role may not do this",
    404: "No such object, or one the key may not see",
    405: "The method is not allowed here",
    406: "None of the accepted media types can be produced",
    409: "The request clashes with the object's state, or its Idempotency-Key is in flight",
    413: "The request body is too large",
    415: "The request body is not JSON",
    422: "The request is not valid, or a rule of the ledger refuses it",
    429: "Too many requests for this API key: retry after `Retry-After` seconds",
    500: "The service failed; nothing was changed",
    503: "The database is unavailable, or the outcome of a commit is unknown: retry with the same Idempotency-Key",
}

PROBLEM_SCHEMA: dict[str, Any] = {
    "title": "Problem",
    "type": "object",
    "description": "An RFC 9457 problem. Match on `type`; `x-problem-types` lists every type and its extension "
                   "members (such as `shortfall` on `insufficient-funds`).",
    "required": ["type", "title", "status", "detail"],
    "properties": {
        "type": {"type": "string", "examples": ["insufficient-funds"],
                 "description": "A stable slug naming the problem: one of `x-problem-types` (and README's table)"},
        "title": {"type": "string", "description": "A short, fixed summary of the problem type"},
        "status": {"type": "integer", "description": "The HTTP status code"},
        "detail": {"type": "string", "description": "What stopped this request, in words"},
        "errors": {
            "type": "array",
            "description": "On `validation-error`: each field that is not valid",
            "items": {
                "type": "object",
                "required": ["location", "message", "code"],
                "properties": {
                    "location": {"type": "array", "items": {"type": "string"}},
                    "message": {"type": "string"},
                    "code": {"type": "string"},
                },
            },
        },
    },
    "additionalProperties": True,
    "examples": [{
        "type": "insufficient-funds", "title": "Not enough money", "status": 422,
        "detail": "the wallet has 2500 available; 1500 short of 4000",
        "shortfall": 1500, "available": 2500, "requested": 4000,
    }],
}


def _subclasses(cls: type) -> list[type]:
    found = []
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_subclasses(sub))
    return found


def _import_all(package: str) -> None:
    module = importlib.import_module(package)
    for info in pkgutil.walk_packages(module.__path__, package + "."):
        importlib.import_module(info.name)


SOURCE = Path(__file__).resolve().parents[1]


@cache
def _extensions_raised() -> dict[str, frozenset[str]]:
    """Keyword arguments given where each error class is raised: its problem's extension members."""
    found: dict[str, set[str]] = {}
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
                name = node.exc.func
                if isinstance(name, (ast.Name, ast.Attribute)):
                    key = name.id if isinstance(name, ast.Name) else name.attr
                    found.setdefault(key, set()).update(k.arg for k in node.exc.keywords if k.arg)
    return {name: frozenset(members) for name, members in found.items()}


def _status_of(error: type[DomainError]) -> int:
    return next((status for family, status in problems.STATUS_BY_FAMILY if issubclass(error, family)), 400)


@cache
def problem_types() -> tuple[dict[str, Any], ...]:
    """Every problem type the service can answer with: its slug, title, status and extension members."""
    _import_all("wallet.usecases")
    _import_all("wallet.http")
    raised = _extensions_raised()
    listed: dict[str, dict[str, Any]] = {}
    for error in sorted(_subclasses(DomainError), key=lambda e: e.type):
        members = raised.get(error.__name__, frozenset())
        entry = listed.setdefault(error.type, {"type": error.type, "title": error.title,
                                               "status": _status_of(error), "extensions": []})
        entry["extensions"] = sorted(set(entry["extensions"]) | set(members))
    for type_, title, status in HTTP_PROBLEMS:
        listed.setdefault(type_, {"type": type_, "title": title, "status": status,
                                  "extensions": ["errors"] if type_ == "validation-error" else []})
    return tuple(sorted(listed.values(), key=lambda entry: (entry["status"], entry["type"])))


# --- the document ----------------------------------------------------------------------

def _calls(route: APIRoute) -> set[str]:
    names: set[str] = set()
    pending = [route.dependant]
    while pending:
        dependant = pending.pop()
        if dependant.call is not None:
            names.add(getattr(dependant.call, "__qualname__", ""))
        pending.extend(dependant.dependencies)
    return names


def _statuses(route: APIRoute, method: str, path: str, operation: dict[str, Any]) -> set[int]:
    calls = _calls(route)
    statuses = {500}
    if path.startswith("/v1"):
        # 400: a DomainError outside the four families, such as a cursor this service did not issue.
        statuses |= {400, 401, 403, 404, 422, 429, 503}
    elif path == "/readyz":
        statuses.add(503)
    if any(call.startswith("require.") for call in calls):
        statuses.add(403)
    headers = {p["name"] for p in operation.get("parameters", []) if p["in"] == "header"}
    if "Idempotency-Key" in headers:
        statuses |= {409, 422}
    if method in ("post", "put", "patch"):
        statuses |= {413, 415}
    return statuses


def _problem_response(status: int) -> dict[str, Any]:
    return {"description": STATUS_DESCRIPTIONS.get(status, "A problem"),
            "content": {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}}


def _describe(operation: dict[str, Any], route: APIRoute, method: str, path: str) -> None:
    responses = operation.setdefault("responses", {})
    for status in sorted(_statuses(route, method, path, operation)):
        key = str(status)
        if key in responses and PROBLEM_JSON not in responses[key].get("content", {}) and status != 422:
            continue  # a route's own answer for this status (e.g. a 406 it documents itself) stays
        responses[key] = _problem_response(status)
    for key, response in responses.items():
        content = response.get("content", {})
        if key.startswith(("4", "5")) and "application/json" in content and PROBLEM_JSON not in content:
            response["content"] = {PROBLEM_JSON: {"schema": {"$ref": "#/components/schemas/Problem"}}}
    if not operation.get("description"):
        operation["description"] = operation.get("summary", "")
    if _returns_a_page(responses):
        operation["description"] += PAGINATION


PAGINATION = ("\n\nA page of `items`: pass its `next_cursor` back as `cursor` for the next page, "
              "until `next_cursor` is null. `limit` sets the page size.")


def _returns_a_page(responses: dict[str, Any]) -> bool:
    schema = responses.get("200", {}).get("content", {}).get("application/json", {}).get("schema", {})
    return schema.get("$ref", "").startswith("#/components/schemas/Page_")


def _links(paths: dict[str, Any]) -> None:
    """A 201 that creates something links to the operations on it, following its `id`."""
    for path, operations in paths.items():
        created = operations.get("post", {}).get("responses", {}).get("201")
        if created is None:
            continue
        for other_path, other_operations in paths.items():
            match = re.fullmatch(re.escape(path) + r"/\{(\w+)\}(/.*)?", other_path)
            if not match or "{" in (match.group(2) or ""):
                continue
            for other in other_operations.values():
                created.setdefault("links", {})[other["operationId"]] = {
                    "operationId": other["operationId"],
                    "parameters": {match.group(1): "$response.body#/id"},
                }


def build(app: FastAPI) -> dict[str, Any]:
    document = get_openapi(title=app.title, version=app.version, description=app.description, routes=app.routes)
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    types = problem_types()
    schemas["Problem"] = PROBLEM_SCHEMA
    # Included routers are walked the way FastAPI's own document generator walks them.
    routes = {(context.path_format, method.lower()): context.original_route
              for context in routing.iter_route_contexts(app.routes)
              if isinstance(context.original_route, APIRoute) and context.include_in_schema
              for method in context.methods or ()}
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            _describe(operation, routes[(path, method)], method, path)
    _links(document["paths"])
    document["x-problem-types"] = list(types)
    return document


def install(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = build(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def problem_table() -> str:
    """The README's table of problem types: `python -m wallet.http.contract`."""
    rows = ["| type | status | title | extension members |", "|---|---|---|---|"]
    for entry in problem_types():
        members = ", ".join(f"`{m}`" for m in entry["extensions"])
        rows.append(f"| `{entry['type']}` | {entry['status']} | {entry['title']} | {members} |")
    return "\n".join(rows) + "\n"


if __name__ == "__main__":
    print(problem_table(), end="")

"""Strict input at the HTTP edge (SPEC §12): unknown query parameters and bodies that are not UTF-8.

Unknown body fields are refused by the commands themselves (`extra="forbid"`); what the commands
cannot see is checked here: a query parameter the operation does not declare is refused (a
mistyped filter must never silently return everything), and a JSON body must be UTF-8.
"""

from fastapi import Request
from fastapi.routing import APIRoute

from api.errors import MalformedRequest, UnknownParameter

_DECLARED: dict[int, frozenset[str]] = {}


def _declared(route: APIRoute) -> frozenset[str]:
    """The query parameters of a route and of every dependency it uses (worked out once per route)."""
    if id(route) in _DECLARED:
        return _DECLARED[id(route)]
    names: set[str] = set()
    dependants = [route.dependant]
    while dependants:
        dependant = dependants.pop()
        names.update(param.alias for param in dependant.query_params)
        dependants.extend(dependant.dependencies)
    declared = _DECLARED[id(route)] = frozenset(names)
    return declared


def refuse_unknown_parameters(request: Request) -> None:
    """400 `unknown-parameter` for any query parameter the route does not declare."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    unknown = sorted(set(request.query_params) - _declared(route))
    if unknown:
        known = ", ".join(sorted(_declared(route))) or "none"
        raise UnknownParameter(f"unknown query parameter(s): {', '.join(unknown)} (known: {known})")


def require_utf8(body: bytes, content_type: bytes | None) -> None:
    """A JSON body must be UTF-8 (RFC 8259): anything else is 400 `malformed-request`."""
    if body and (content_type is None or b"json" in content_type.lower()):
        try:
            body.decode("utf-8")
        except UnicodeDecodeError:
            raise MalformedRequest("the body is not UTF-8") from None

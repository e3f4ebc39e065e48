"""405 as HTTP means it: decided by the most specific path, with every allowed method in `Allow`.

FastAPI makes one route per method, and Starlette's 405 lists the methods of the first route
whose path matched: one of several. And a literal path beside a templated one
(`/expenses/invoiced` beside `/expenses/{expense_id}`) was taken for the template when the method
was not the literal one's, so `PATCH /expenses/invoiced` failed as a malformed id. Here the
operations of the OpenAPI schema decide: the templates that match the path with the most literal
segments are the path's, and a method none of them has is 405 with all of theirs in `Allow`.
"""

import re
from dataclasses import dataclass

from fastapi import FastAPI
from starlette.types import ASGIApp, Receive, Scope, Send

from api.errors import problem

PARAMETER = re.compile(r"\{[^/{}]+\}")


@dataclass(frozen=True)
class PathTemplate:
    pattern: re.Pattern[str]
    literals: int
    methods: frozenset[str]


def templates_of(app: FastAPI) -> list[PathTemplate]:
    """Each path of the schema: a regex, how many literal segments it has, and its methods."""
    templates = []
    for path, operations in app.openapi()["paths"].items():
        regex = "^" + PARAMETER.sub("[^/]+", re.escape(path).replace(r"\{", "{").replace(r"\}", "}")) + "$"
        literals = sum(1 for segment in path.split("/") if segment and not PARAMETER.fullmatch(segment))
        methods = frozenset(method.upper() for method in operations)
        templates.append(PathTemplate(re.compile(regex), literals, methods))
    return templates


def allowed_methods(templates: list[PathTemplate], path: str) -> frozenset[str] | None:
    """The methods of the most specific templates matching `path`; None if none matches."""
    matching = [t for t in templates if t.pattern.match(path)]
    if not matching:
        return None
    best = max(t.literals for t in matching)
    return frozenset().union(*(t.methods for t in matching if t.literals == best))


def implied_head(allowed: frozenset[str]) -> frozenset[str]:
    return frozenset({"HEAD"}) if "GET" in allowed else frozenset()


class MethodMiddleware:
    """Answers 405 (with the full `Allow`) before routing when the path does not take the method."""

    def __init__(self, app: ASGIApp, api: FastAPI) -> None:
        self.app = app
        self.api = api
        self.templates: list[PathTemplate] | None = None

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            if self.templates is None:
                self.templates = templates_of(self.api)
            allowed = allowed_methods(self.templates, scope["path"])
            # HEAD is answered wherever GET is (Starlette does it), without being in the schema.
            if allowed is not None and scope["method"] not in allowed | implied_head(allowed):
                methods = sorted(allowed)
                detail = f"{scope['method']} is not allowed here: {', '.join(sorted(allowed))}"
                response = problem(405, "method-not-allowed", detail, headers={"Allow": ", ".join(methods)})
                await response(scope, receive, send)
                return
        await self.app(scope, receive, send)

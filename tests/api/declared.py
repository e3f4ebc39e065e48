"""Every problem the API answers in a test must be one its operation declares in the OpenAPI schema.

Installed on the API scenarios' client (tests/api/conftest.py): each problem+json answer is looked
up under its operation (method and path template) and its status and type must be listed there.
"""

import re
from typing import Any

import httpx

PROBLEM_JSON = "application/problem+json"


class DeclaredProblems:
    """The problem types each operation of a schema declares, by status."""

    def __init__(self, schema: dict[str, Any]) -> None:
        self.operations: list[tuple[str, re.Pattern[str], str, dict[str, set[str]]]] = []
        for path, methods in schema["paths"].items():
            pattern = re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$")
            for method, operation in methods.items():
                declared = {
                    status: set(response["content"][PROBLEM_JSON]["examples"])
                    for status, response in operation["responses"].items()
                    if PROBLEM_JSON in response.get("content", {})
                }
                self.operations.append((method.upper(), pattern, path, declared))
        # Literal paths before templates: /time-entries/invoiced is not /time-entries/{entry_id}.
        self.operations.sort(key=lambda op: op[2].count("{"))
        self.undeclared: list[str] = []

    def check(self, response: httpx.Response) -> None:
        """Remember any problem answer its operation does not declare."""
        if not response.headers.get("content-type", "").startswith(PROBLEM_JSON):
            return
        request = response.request
        status = str(response.status_code)
        # The most specific path the URL names decides (as the router does): a method it has no
        # operation for is answered 405 by the path, which no operation declares.
        path = next(
            (path for _, pattern, path, _ in self.operations if pattern.match(request.url.path)), None
        )
        for method, _, candidate, declared in self.operations:
            if candidate == path and method == request.method:
                response.read()
                slug = str(response.json().get("type", "")).removeprefix("/problems/")
                if slug not in declared.get(status, set()):
                    self.undeclared.append(f"{method} {path}: {status} {slug}")
                return

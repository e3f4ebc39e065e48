"""Write docs/api.md from the API's OpenAPI schema, so the reference in the repository is never stale.

Run: .venv/bin/python ops/api_docs.py          (rewrites docs/api.md)
     .venv/bin/python ops/api_docs.py --check  (exit 1 if docs/api.md differs from the schema)
tests/api/test_api_docs.py fails when the file was not regenerated after the API changed.
"""

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from api.app import create_app
from ledger.config import Settings

OUT = Path(__file__).resolve().parent.parent / "docs" / "api.md"
PREFIX = "/v1/workspaces/{workspace_id}"
INTRO = """# HTTP API reference

Generated from the OpenAPI schema by `ops/api_docs.py`: do not edit by hand (a test fails when
this page no longer matches the code). A running server serves the same schema at `/openapi.json`,
Swagger UI at `/docs` and ReDoc at `/redoc`. The [README](../README.md) walks through a first
invoice in five minutes.

## Conventions

- Everything of a workspace is under `/v1/workspaces/{workspace_id}`; below, such paths are
  written from there (`/invoices` is `/v1/workspaces/{workspace_id}/invoices`).
- Send your API key as `X-Api-Key`. A key sees only its own workspace: another's ids are 404.
  Roles: owners and admins do everything; members read the directory and log and read their own
  time and expenses; auditors read everything and write nothing.
- Money and quantities are JSON strings (`"150.00"`, `"7.5000"`); dates `YYYY-MM-DD`, instants
  RFC 3339 with an offset. Unknown body fields are 422 `unknown-field`, unknown query
  parameters 400 `unknown-parameter`.
- Errors are `application/problem+json` (RFC 9457): `type` is `/problems/<slug>`; each operation
  below lists, per status, the slugs it can answer.
- Single resources carry `ETag: "<version>"`; writes take `If-Match` (412 when the resource moved
  on). POSTs take `Idempotency-Key`: a retry with the same key and body gets the first answer.
- Lists take `page` (from 1) and `page_size` (at most 1000) and answer
  `{"items": [...], "total", "page", "page_size"}`.
"""


def _short(path: str) -> str:
    return path[len(PREFIX) :] or "/" if path.startswith(PREFIX) else path


def _anchor(text: str) -> str:
    kept = "".join(c for c in text.lower() if c.isalnum() or c in " -")
    return kept.replace(" ", "-")


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in node:
        return _resolve(schema, schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]])
    branches = [b for b in node.get("anyOf", []) if b.get("type") != "null"]
    return _resolve(schema, branches[0]) if len(branches) == 1 else node


def _type(schema: dict[str, Any], node: dict[str, Any]) -> str:
    if "$ref" in node:
        resolved = _resolve(schema, node)
        return _type(schema, resolved) if "enum" in resolved else node["$ref"].rsplit("/", 1)[1]
    if "anyOf" in node:
        return " or ".join(_type(schema, branch) for branch in node["anyOf"])
    if node.get("type") == "array":
        return f"list of {_type(schema, node.get('items', {}))}"
    if "enum" in node:
        return " \\| ".join(f"`{value}`" for value in node["enum"])
    kind = str(node.get("type", "any"))
    return f"{kind} ({node['format']})" if "format" in node else kind


def _fields(schema: dict[str, Any], body: dict[str, Any]) -> list[str]:
    properties = body.get("properties", {})
    required = set(body.get("required", []))
    rows = []
    for name, node in properties.items():
        note = node.get("description") or _resolve(schema, node).get("description", "")
        need = "required" if name in required else "optional"
        rows.append(f"| `{name}` | {_type(schema, node)} | {need} | {note} |")
    return ["| field | type | | |", "|---|---|---|---|", *rows] if rows else []


def _request(schema: dict[str, Any], body: dict[str, Any]) -> list[str]:
    lines = []
    for media_type, content in body["content"].items():
        if media_type == "application/json":
            resolved = _resolve(schema, content["schema"])
            lines.append(f"Body (`{media_type}`, {'required' if body.get('required') else 'optional'}):")
            lines += ["", *_fields(schema, resolved), ""]
            for example in resolved.get("examples", [])[:1]:
                lines += ["```json", json.dumps(example, indent=2, ensure_ascii=False), "```", ""]
        else:
            lines += [
                f"Body (`{media_type}`): {body.get('description', content['schema'].get('type', ''))}",
                "",
            ]
            if "example" in content:
                lines += ["```", str(content["example"]), "```", ""]
    return lines


def _parameters(operation: dict[str, Any]) -> list[str]:
    rows = [
        f"| `{p['name']}` | {p['in']} | {'required' if p.get('required') else 'optional'} | "
        f"{p.get('description', '')} |"
        for p in operation.get("parameters", [])
        if p["name"] != "workspace_id"
    ]
    return ["| parameter | in | | |", "|---|---|---|---|", *rows, ""] if rows else []


def _body_of(content: dict[str, Any]) -> str:
    schema = content.get("schema", {})
    name = schema.get("$ref", "").rsplit("/", 1)[-1] or schema.get("title", "")
    return f" `{name}`" if name else ""


def _responses(operation: dict[str, Any]) -> list[str]:
    lines = []
    for status, response in operation["responses"].items():
        if status >= "400":
            slugs = ", ".join(
                f"`{slug}`" for slug in response["content"]["application/problem+json"]["examples"]
            )
            lines.append(f"- **{status}** {slugs}")
        else:
            types = ", ".join(f"`{t}`{_body_of(c)}" for t, c in response.get("content", {}).items())
            lines.append(f"- **{status}** {response['description']}" + (f" ({types})" if types else ""))
    return ["Answers:", "", *lines, ""]


def render(schema: dict[str, Any]) -> str:
    """The whole page, from the schema alone."""
    by_tag: dict[str, list[tuple[str, str, dict[str, Any]]]] = {}
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            by_tag.setdefault(operation.get("tags", ["other"])[0], []).append((method, path, operation))
    lines = [INTRO, "## Operations", ""]
    for tag, operations in by_tag.items():
        lines.append(
            f"- **{tag}**: "
            + ", ".join(f"[{op['summary']}](#{_anchor(op['summary'])})" for _, _, op in operations)
        )
    lines.append("")
    for tag, operations in by_tag.items():
        lines += [f"## {tag.capitalize()}", ""]
        for method, path, operation in operations:
            lines += [f"### {operation['summary']}", "", f"`{method.upper()} {_short(path)}`", ""]
            lines += [operation.get("description", "").strip(), ""]
            lines += _parameters(operation)
            if "requestBody" in operation:
                lines += _request(schema, operation["requestBody"])
            lines += _responses(operation)
    return "\n".join(lines).rstrip() + "\n"


def current() -> str:
    """The page the code's schema gives now (the app is built, not started: no database is touched)."""
    return render(create_app(Settings(database_url="sqlite:///unused.db")).openapi())


def main() -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="only check that docs/api.md is current")
    args = parser.parse_args()
    page = current()
    if args.check:
        if OUT.read_text() != page:
            print(f"{OUT} is stale: run .venv/bin/python ops/api_docs.py", file=sys.stderr)
            return 1
        return 0
    OUT.write_text(page)
    print(f"wrote {OUT} ({len(page.splitlines())} lines)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

"""One router per resource, all under /v1/workspaces/{workspace_id}."""

import re

from fastapi import Response

WORKSPACE = "/v1/workspaces/{workspace_id}"


def csv_responses(columns: list[str]) -> dict[int | str, dict[str, object]]:
    """OpenAPI: lists and reports also answer text/csv, a header row of these columns first."""
    header = ",".join(columns)
    return {
        200: {
            "content": {
                "text/csv": {
                    "schema": {"type": "string", "description": f"CSV with the header row `{header}`"},
                    "example": header + "\n",
                }
            },
            "description": "JSON, or CSV with format=csv (times in the workspace zone, booleans true/false)",
        }
    }


def file_response(content: str | bytes, media_type: str, filename: str, disposition: str) -> Response:
    """A download; the file name keeps only characters every client handles."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "_", filename)
    headers = {"Content-Disposition": f'{disposition}; filename="{safe}"'}
    return Response(content, media_type=media_type, headers=headers)


def csv_response(text: str, filename: str) -> Response:
    return file_response(text, "text/csv; charset=utf-8", filename, "attachment")

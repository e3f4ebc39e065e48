"""Swagger UI at `/docs` and ReDoc at `/redoc` from packaged assets, so both work without internet.

FastAPI's own pages load Swagger UI and ReDoc from a CDN (and ReDoc from Google Fonts too): on a
machine without internet they stay blank. The assets come from `fastapi-standalone-docs` (MIT,
needs only FastAPI): Swagger UI 5.33 and ReDoc 2.5 as released, with ReDoc's sidebar logo rewritten
to load from beside the page instead of cdn.redoc.ly. Compared with the others on PyPI:

- `fastapi-offline` (more downloads) ships both too, but its ReDoc still fetches the logo from
  cdn.redoc.ly, a request off the machine on every visit that tests/e2e/test_docs_offline.py
  catches; and its API replaces the `FastAPI()` constructor;
- `swagger-ui-bundle` ships only Swagger UI, at 4.15 (2023), and no ReDoc;
- `drf-spectacular-sidecar` ships current builds of both, but requires Django.

We take only the package's asset folder: its `StandaloneDocs` entry point monkeypatches functions
in `fastapi.applications` (every app in the process) and needs `docs_url` set, where we build the
pages with FastAPI's own `get_swagger_ui_html` and `get_redoc_html` on routes of our own.
"""

from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import FileResponse, HTMLResponse
from fastapi.staticfiles import StaticFiles

DOCS_URL = "/docs"
REDOC_URL = "/redoc"
OAUTH2_REDIRECT_URL = "/docs/oauth2-redirect"
ASSETS_URL = "/docs/assets"
# The package's folders: swagger/ (bundle and CSS), redoc/ (standalone bundle, logo), fastapi/ (favicon).
ASSETS = Path(str(files("fastapi_standalone_docs") / "static"))
SWAGGER_UI_PARAMETERS: dict[str, Any] = {
    "docExpansion": "list",  # every operation listed under its tag, none opened
    "filter": True,  # a box that narrows the list by tag
    "displayRequestDuration": True,
    # "Authorize" takes the X-Api-Key the schema declares; kept in the tab only, never in localStorage.
    "persistAuthorization": False,
    "validatorUrl": None,  # never send the schema's address to validator.swagger.io
}


def install_docs(app: FastAPI) -> None:
    """Serve Swagger UI at `/docs` (with its OAuth2 redirect) and ReDoc at `/redoc` from local assets."""
    if not app.openapi_url:
        return  # no schema, nothing to document
    app.mount(ASSETS_URL, StaticFiles(directory=ASSETS), name="docs-assets")
    # Module-level pages that read the app from the request: FastAPI caches what it learns of each
    # endpoint by the endpoint itself, so a page closing over its app would keep every app alive.
    for url, page in (
        (DOCS_URL, swagger_ui),
        (OAUTH2_REDIRECT_URL, swagger_ui_oauth2_redirect),
        (REDOC_URL, redoc),
        (f"{REDOC_URL}/logo-mini.svg", redoc_logo),  # the package's ReDoc asks for it beside the page
    ):
        app.add_api_route(url, page, methods=["GET"], include_in_schema=False)


async def swagger_ui(request: Request) -> HTMLResponse:
    app, root = request.app, _root_path(request)
    return get_swagger_ui_html(
        openapi_url=root + app.openapi_url,
        title=f"{app.title} - Swagger UI",
        swagger_js_url=f"{root}{ASSETS_URL}/swagger/swagger-ui-bundle.js",
        swagger_css_url=f"{root}{ASSETS_URL}/swagger/swagger-ui.css",
        swagger_favicon_url=f"{root}{ASSETS_URL}/fastapi/favicon.png",
        oauth2_redirect_url=root + OAUTH2_REDIRECT_URL,
        init_oauth=app.swagger_ui_init_oauth,
        swagger_ui_parameters=SWAGGER_UI_PARAMETERS | (app.swagger_ui_parameters or {}),
    )


async def swagger_ui_oauth2_redirect() -> HTMLResponse:
    return get_swagger_ui_oauth2_redirect_html()


async def redoc(request: Request) -> HTMLResponse:
    app, root = request.app, _root_path(request)
    return get_redoc_html(
        openapi_url=root + app.openapi_url,
        title=f"{app.title} - ReDoc",
        redoc_js_url=f"{root}{ASSETS_URL}/redoc/redoc.standalone.js",
        redoc_favicon_url=f"{root}{ASSETS_URL}/fastapi/favicon.png",
        with_google_fonts=False,
    )


async def redoc_logo() -> FileResponse:
    return FileResponse(ASSETS / "redoc" / "logo-mini.svg", media_type="image/svg+xml")


def _root_path(request: Request) -> str:
    """The prefix a proxy serves the app under ("" when none), as FastAPI's own docs pages use it."""
    return str(request.scope.get("root_path", "")).rstrip("/")

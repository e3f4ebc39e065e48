"""PDFs are rendered in worker processes of their own: failures stay there, the API never loads WeasyPrint."""

import os
import signal
import subprocess
import sys

import pytest

from documents.pdf.engine import RenderFailed, RenderWorkers
from documents.pdf.style import STYLE

PAGE = "<html><body><table><tr><td>Hosting</td><td>49,00</td></tr></table></body></html>"
LONG = "<html><body><table>" + "<tr><td>Line</td><td>1,00</td></tr>" * 400 + "</table></body></html>"


@pytest.fixture
def workers() -> RenderWorkers:
    pool = RenderWorkers(size=1)
    yield pool
    pool.close()


def the_worker(workers: RenderWorkers) -> int:
    [worker] = workers._all
    return worker.process.pid


def test_a_page_becomes_a_pdf_in_a_worker_that_stays_for_the_next(workers: RenderWorkers) -> None:
    first = workers.render(PAGE, STYLE)
    pid = the_worker(workers)

    second = workers.render(PAGE, STYLE)

    assert first.startswith(b"%PDF") and second.startswith(b"%PDF")
    assert the_worker(workers) == pid != os.getpid()


def test_a_render_that_fails_says_why_and_the_worker_goes_on(workers: RenderWorkers) -> None:
    workers.render(PAGE, STYLE)
    pid = the_worker(workers)

    with pytest.raises(RenderFailed, match="TypeError"):
        workers.render(None, STYLE)  # type: ignore[arg-type]

    assert workers.render(PAGE, STYLE).startswith(b"%PDF")
    assert the_worker(workers) == pid


def test_a_worker_that_died_is_replaced_at_the_next_render(workers: RenderWorkers) -> None:
    workers.render(PAGE, STYLE)
    os.kill(the_worker(workers), signal.SIGKILL)

    assert workers.render(PAGE, STYLE).startswith(b"%PDF")


def test_a_render_past_its_time_is_stopped_and_its_worker_killed(workers: RenderWorkers) -> None:
    workers.render(PAGE, STYLE)
    pid = the_worker(workers)

    with pytest.raises(RenderFailed, match="timed out"):
        workers.render(LONG, STYLE, timeout=0.01)

    assert workers.render(PAGE, STYLE).startswith(b"%PDF")
    assert the_worker(workers) != pid


def test_the_api_process_renders_pdfs_without_ever_importing_weasyprint() -> None:
    script = (
        "import sys; from api.app import create_app; from documents.pdf.engine import html_to_pdf;"
        "from documents.pdf.style import STYLE;"
        f"assert html_to_pdf({PAGE!r}, STYLE).startswith(b'%PDF');"
        "print('weasyprint' in sys.modules)"
    )

    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)

    assert (result.returncode, result.stdout) == (0, "False\n"), result.stderr

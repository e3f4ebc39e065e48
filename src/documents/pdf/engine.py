"""HTML to PDF in worker processes of their own (`documents.render_worker`), a few at a time.

A render runs in a small process that imports WeasyPrint only and keeps its fonts and parsed
stylesheet for the next render: the API's event loop and interpreter lock are never held by a
render, two renders use two cores, and the memory a long invoice takes (about 150 MB for 1,000
lines) is the worker's, given back when it is replaced (after `MAX_RENDERS` renders, or when it
has grown past `MAX_RSS_MB`). A worker that fails or takes longer than `TIMEOUT_SECONDS` is killed.
"""

import atexit
import os
import pickle
import queue
import select
import subprocess
import sys
import threading
from pathlib import Path

from documents.render_protocol import HEADER, Logo

WORKERS = max(1, min(2, os.cpu_count() or 1))
MAX_RENDERS = 200
MAX_RSS_MB = 180
TIMEOUT_SECONDS = 300.0
SOURCE = str(Path(__file__).resolve().parents[2])  # the folder `documents` is in


class RenderFailed(RuntimeError):
    """The worker could not render the page (its message says why), or did not answer in time."""


class Dead(RenderFailed):
    """The worker's answer ended before it began: it is gone."""


class RenderWorker:
    """One worker process and the pipes to it."""

    def __init__(self) -> None:
        self.idle = True  # False while a request is out: a worker that failed then is not trusted
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(p for p in (SOURCE, env.get("PYTHONPATH")) if p)
        self.process = subprocess.Popen(
            [sys.executable, "-m", "documents.render_worker"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            env=env,
        )
        self.renders = 0

    def render(self, request: bytes, timeout: float) -> bytes:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.idle = False
        self.process.stdin.write(HEADER.pack(len(request)) + request)
        self.process.stdin.flush()
        header = self._read(HEADER.size, timeout, first=True)
        (size,) = HEADER.unpack(header)
        status, value = pickle.loads(self._read(size, timeout))
        self.renders += 1
        self.idle = True
        if status != "ok":
            raise RenderFailed(str(value))
        pdf: bytes = value
        return pdf

    def _read(self, size: int, timeout: float, first: bool = False) -> bytes:
        """Exactly `size` bytes of the answer, within `timeout` seconds."""
        assert self.process.stdout is not None
        fd, chunks, missing = self.process.stdout.fileno(), [], size
        while missing:
            ready, _, _ = select.select([fd], [], [], timeout)
            chunk = os.read(fd, min(missing, 1 << 20)) if ready else b""
            if not ready:
                raise RenderFailed("the render timed out")
            if not chunk:
                if first and missing == size:
                    raise Dead("the render worker is gone")
                raise RenderFailed("the render worker stopped answering")
            chunks.append(chunk)
            missing -= len(chunk)
        return b"".join(chunks)

    def rss_mb(self) -> float:
        """Resident memory of the worker now (0 if unknown)."""
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return 0.0
        lines = [line for line in status.splitlines() if line.startswith("VmRSS:")]
        return int(lines[0].split()[1]) / 1024 if lines else 0.0

    @property
    def worn(self) -> bool:
        return self.renders >= MAX_RENDERS or self.rss_mb() > MAX_RSS_MB

    def stop(self) -> None:
        if self.process.poll() is None:
            if self.process.stdin is not None:
                self.process.stdin.close()  # the worker ends at the end of its input
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()


class RenderWorkers:
    """At most `size` workers; a render waits for one that is free, started when first needed."""

    def __init__(self, size: int = WORKERS) -> None:
        # Last in, first out: a warm worker is reused before another is started.
        self.slots: queue.LifoQueue[RenderWorker | None] = queue.LifoQueue()
        for _ in range(size):
            self.slots.put(None)
        self._all: set[RenderWorker] = set()
        self._lock = threading.Lock()

    def render(
        self,
        html: str,
        css: str,
        logo: Logo = None,
        variant: str | None = None,
        timeout: float = TIMEOUT_SECONDS,
    ) -> bytes:
        """The PDF of `html` styled by `css` (parsed once per worker), with its logo if any, as
        the PDF `variant` (e.g. "pdf/a-3b") if one is asked for."""
        request = pickle.dumps((html, css, logo, variant), protocol=pickle.HIGHEST_PROTOCOL)
        worker = self.slots.get()
        try:
            if worker is None or worker.process.poll() is not None:
                worker = self._start()
            try:
                pdf = worker.render(request, timeout)
            except (BrokenPipeError, Dead):
                # It died while it waited (killed, out of memory): once more, with a new one.
                self._retire(worker, kill=True)
                worker = self._start()
                pdf = worker.render(request, timeout)
        except (RenderFailed, BrokenPipeError):
            if worker is not None and (worker.process.poll() is not None or not worker.idle):
                self._retire(worker, kill=True)
                worker = None
            raise
        finally:
            if worker is not None and worker.worn:
                self._retire(worker)
                worker = None
            self.slots.put(worker)
        return pdf

    def warm_up(self) -> None:
        """Start a worker now rather than at the first render (it takes about a second)."""
        worker = self.slots.get()
        self.slots.put(worker or self._start())

    def _start(self) -> RenderWorker:
        worker = RenderWorker()
        with self._lock:
            self._all.add(worker)
        return worker

    def _retire(self, worker: RenderWorker | None, kill: bool = False) -> None:
        if worker is not None:
            if kill and worker.process.poll() is None:
                worker.process.kill()
            worker.stop()
            with self._lock:
                self._all.discard(worker)

    def close(self) -> None:
        with self._lock:
            workers, self._all = list(self._all), set()
        for worker in workers:
            worker.stop()


_workers: RenderWorkers | None = None
_workers_lock = threading.Lock()


def workers() -> RenderWorkers:
    """This process's render workers (none are started until the first render)."""
    global _workers
    with _workers_lock:
        if _workers is None:
            _workers = RenderWorkers()
            atexit.register(_workers.close)
        return _workers


def html_to_pdf(page: str, css: str, logo: Logo = None, variant: str | None = None) -> bytes:
    """The PDF of one page of `documents.pdf.html` with the stylesheet `css`."""
    return workers().render(page, css, logo, variant)

"""Rendered PDFs kept in memory, by what they were made from, and rendered once however many ask.

A key names everything a document depends on (`ledger.usecases.documents.DocumentKey`, the
fingerprint and the layout's version), so an entry never goes stale: it is only ever evicted,
least recently used first, when the cache would pass its size. Two requests for the same missing
document render it once (the second waits for the first); renders of different documents run
side by side, at most `max_renders` at a time, since each can take a few hundred megabytes.
"""

import threading
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class CachedPdf:
    content: bytes
    filename: str


class PdfCache:
    """A least-recently-used cache of PDFs, bounded in bytes, with one render per key at a time."""

    def __init__(self, max_bytes: int, max_renders: int = 2) -> None:
        self.max_bytes = max_bytes
        self._entries: OrderedDict[str, CachedPdf] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self._rendering: dict[str, threading.Lock] = {}
        self._renders = threading.BoundedSemaphore(max_renders)

    def get(self, key: str) -> CachedPdf | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is not None:
                self._entries.move_to_end(key)
            return entry

    def __contains__(self, key: str) -> bool:
        with self._lock:
            return key in self._entries

    def put(self, key: str, entry: CachedPdf) -> None:
        size = len(entry.content)
        if size > self.max_bytes:
            return  # larger than the whole cache: served, never kept
        with self._lock:
            if key in self._entries:
                return
            self._entries[key] = entry
            self._size += size
            while self._size > self.max_bytes:
                _, evicted = self._entries.popitem(last=False)
                self._size -= len(evicted.content)

    def get_or_render(self, key: str, render: Callable[[], CachedPdf]) -> CachedPdf:
        """The cached PDF of `key`, or the one `render` makes (once, even if many ask at once)."""
        entry = self.get(key)
        if entry is not None:
            return entry
        with self._lock:
            lock = self._rendering.setdefault(key, threading.Lock())
        with lock:
            entry = self.get(key)  # rendered by whoever held the lock before us
            if entry is None:
                with self._renders:
                    entry = render()
                self.put(key, entry)
        with self._lock:
            self._rendering.pop(key, None)
        return entry

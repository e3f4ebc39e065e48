"""The benchmark scenarios, in the order they run; each module has `prepare`, `CASES` and `judge`."""

ORDER = ("importing", "scaling", "pdf", "history", "rebuild", "latency")

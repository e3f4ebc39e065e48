"""Fault drills against real processes on loopback: crashes, database outages, killed rebuilds, soaks.

The test suite runs them at reduced sizes; `ops/faults` and `ops/soak` run them in full and
write their figures to `RELIABILITY.md`'s tables (see there).
"""

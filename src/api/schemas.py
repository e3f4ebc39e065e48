"""Envelopes the API adds around views: item lists and problem details."""

from typing import Generic, TypeVar

from pydantic import BaseModel

T = TypeVar("T")


class Items(BaseModel, Generic[T]):
    items: list[T]


class Problem(BaseModel):
    """RFC 9457 problem details, as every error is answered."""

    type: str
    title: str
    status: int
    detail: str
    errors: dict[str, str] | None = None
    ids: list[str] | None = None
    failures: list[dict[str, str]] | None = None
    missing: list[str] | None = None

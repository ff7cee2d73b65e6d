"""Errors of the coordinator API's services; each carries its HTTP status and the field it is about."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """Who acts: an API token (role, region limit) or a coordinator's phone."""

    role: str
    region: str | None = None
    label: str = ""


class CoalitionError(Exception):
    status_code = 400

    def __init__(self, message: str, *, field: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class Invalid(CoalitionError):
    status_code = 422


class NotFound(CoalitionError):
    status_code = 404


class Forbidden(CoalitionError):
    status_code = 403


class Conflict(CoalitionError):
    status_code = 409


def check_region(actor: Actor, region: str) -> None:
    """A region-limited token may only touch its own region."""
    if actor.region is not None and actor.region != region:
        raise Forbidden(f"this token is limited to region {actor.region!r}", field=("region",))

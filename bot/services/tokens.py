"""Bearer tokens for /api/v1: created once and shown once; only their SHA-256 is stored."""

from __future__ import annotations

import hashlib
import secrets
from datetime import datetime

from sqlmodel import Session, col, select

from bot.models_announcements import ApiToken
from bot.services.coalition_errors import Actor

ROLES = ("coordinator", "admin")


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(session: Session, *, role: str, region: str | None, label: str, now: datetime) -> str:
    """A new random token (returned once, never stored in clear)."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {ROLES}")
    token = secrets.token_urlsafe(32)
    session.add(ApiToken(token_hash=digest(token), role=role, region=region, label=label, created_at=now))
    session.flush()
    return token


def authenticate(session: Session, *, token: str) -> Actor | None:
    """The actor a presented token stands for, or None (unknown or revoked)."""
    row = session.exec(
        select(ApiToken).where(col(ApiToken.token_hash) == digest(token), col(ApiToken.revoked_at).is_(None))
    ).first()
    if row is None:
        return None
    return Actor(role=row.role, region=row.region, label=row.label or f"token:{row.id}")

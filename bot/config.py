"""Settings from environment variables; an invalid value stops start-up with its name."""

from __future__ import annotations

from datetime import time
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from bot.config_india import validate_india

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class SenderKind(StrEnum):
    AUTO = "auto"  # twilio when credentials are set, console otherwise
    CONSOLE = "console"
    TWILIO = "twilio"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", case_sensitive=False)

    database_url: str = Field(
        default=f"sqlite:///{PROJECT_ROOT / 'data' / 'saathi.db'}",
        description="SQLAlchemy URL; SQLite file by default, postgresql+psycopg://… in production.",
    )
    twilio_account_sid: str = ""
    twilio_auth_token: str = ""
    twilio_messaging_service_sid: str = ""
    twilio_sms_from: str = ""
    twilio_whatsapp_from: str = ""
    twilio_api_base_url: str = "https://api.twilio.com"
    twilio_validate_signature: bool = Field(
        default=True,
        description="Check X-Twilio-Signature. Only switch off explicitly, for local console use.",
    )
    twilio_timeout_seconds: float = Field(default=10.0, gt=0, le=60)
    public_base_url: str = Field(
        default="http://127.0.0.1:8000",
        description="The external URL Twilio calls (and signs); set it behind a proxy.",
    )
    saathi_timezone: str = "Asia/Kolkata"
    saathi_sender: SenderKind = SenderKind.AUTO
    saathi_content_dir: Path = PROJECT_ROOT / "content_hindi"
    saathi_session_idle_minutes: int = Field(default=30, ge=1, le=24 * 60)
    saathi_run_scheduler: bool = Field(
        default=True,
        description="Run the outbox sweeper in this process (one web worker only).",
    )
    saathi_outbox_interval_seconds: float = Field(default=5.0, gt=0)
    saathi_outbox_max_attempts: int = Field(default=6, ge=1, le=50)
    saathi_log_level: str = "INFO"
    saathi_office_open_hour: int = Field(default=10, ge=0, le=23, description="IST hour staff start answering.")
    saathi_office_close_hour: int = Field(default=17, ge=1, le=24, description="IST hour staff stop answering.")
    saathi_office_days: list[int] = Field(default_factory=lambda: [0, 1, 2, 3, 4, 5], description="0 = Monday.")
    # Coalition announcements: bot/services/announcements.py, bot/sender.py (see the README table).
    saathi_send_rate_per_second: float = Field(
        default=10.0, gt=0, le=1000, description="Messages per second per sender (Twilio counts MPS per From)."
    )
    saathi_outbox_lease_seconds: float = Field(
        default=300.0, gt=0, description="A claim older than this is reconciled with the provider, then retried."
    )
    saathi_quiet_hours: str = Field(default="21:00-09:00", description="IST hours in which bulk sends wait.")
    saathi_announce_interval_seconds: float = Field(default=30.0, gt=0)
    saathi_notice_gap_minutes: int = Field(default=10, ge=0, description="Least gap between two notices of a meeting.")
    saathi_reminder_offsets_minutes: list[int] = Field(default_factory=lambda: [1440, 120])
    saathi_dlt_templates: dict[str, int] = Field(
        default_factory=dict, description='DLT template id -> most SMS segments it allows, e.g. {"1107…": 2}.'
    )
    saathi_sms_max_segments: int = Field(default=3, ge=1, le=10, description="SMS limit without a DLT template.")
    saathi_price_sms_segment: float = Field(default=0.25, ge=0, description="INR per SMS segment (estimates).")
    saathi_price_whatsapp_template: float = Field(default=0.80, ge=0, description="INR per template message.")
    saathi_price_whatsapp_session: float = Field(default=0.0, ge=0, description="INR per in-window message.")
    # India SMS and missed calls (bot/config_india.py documents and validates these).
    exotel_account_sid: str = ""
    exotel_api_key: str = ""
    exotel_api_token: str = ""
    exotel_api_base_url: str = "https://api.in.exotel.com"  # Mumbai cluster; a fake in tests
    exotel_sms_number: str = ""  # the long code users text and miss-call (their "reply to" number)
    exotel_sender_id: str = ""  # the 6-character DLT header replies are sent from
    exotel_sms_keyword: str = ""  # stripped from inbound texts when the number is keyword-routed
    exotel_callback_secret: str = ""  # the secret path segment of every Exotel callback URL
    exotel_allowed_cidrs: str = ""  # comma-separated; empty = any address
    exotel_timeout_seconds: float = Field(default=10.0, gt=0, le=60)
    dlt_entity_id: str = ""  # DLT Principal Entity ID
    kaleyra_sid: str = ""
    kaleyra_api_key: str = ""
    kaleyra_api_base_url: str = "https://api.in.kaleyra.io"
    kaleyra_sender_id: str = ""
    kaleyra_sms_number: str = ""  # the Kaleyra VMN users text (named in replies when Exotel has none)
    kaleyra_callback_secret: str = ""  # the secret path segment of every Kaleyra callback URL
    kaleyra_allowed_cidrs: str = ""  # comma-separated; empty = any address
    kaleyra_callback_token: str = ""  # when set, callbacks must carry it in the X-Saathi-Token header
    kaleyra_callback_profile_id: str = ""  # Kaleyra callback profile for delivery reports
    trusted_proxy_header: str = ""  # e.g. X-Forwarded-For; empty = use the socket address
    meeting_missed_call_number: str = ""  # a missed call here is an RSVP "yes"
    missed_call_menu_minutes: int = Field(default=10, ge=0, le=24 * 60)
    saathi_sms_routes: str = Field(
        default="",
        description="SMS routing rules, e.g. '+91:exotel,*:twilio'; empty = +91 via Exotel when configured.",
    )

    @model_validator(mode="after")
    def _india_sms_complete(self) -> Settings:
        validate_india(self)
        return self

    @field_validator("saathi_timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r}") from exc
        return value

    @field_validator("public_base_url", "twilio_api_base_url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must start with http:// or https://")
        return value.rstrip("/")

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: str) -> str:
        if not value.startswith(("sqlite", "postgresql")):
            raise ValueError("only sqlite:/// and postgresql+psycopg:// URLs are supported")
        return value

    @model_validator(mode="after")
    def _twilio_credentials_complete(self) -> Settings:
        if self.saathi_sender == SenderKind.TWILIO and not self.has_twilio_credentials:
            raise ValueError(
                "SAATHI_SENDER=twilio needs TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN"
            )
        if self.has_twilio_credentials and not (
            self.twilio_messaging_service_sid or self.twilio_sms_from or self.twilio_whatsapp_from
        ):
            raise ValueError(
                "TWILIO_MESSAGING_SERVICE_SID or TWILIO_SMS_FROM/TWILIO_WHATSAPP_FROM must be set "
                "together with TWILIO_ACCOUNT_SID"
            )
        return self

    @model_validator(mode="after")
    def _lease_outlasts_send(self) -> Settings:
        # A shorter lease would let a second sender retry a request the first may still complete.
        if self.saathi_outbox_lease_seconds <= self.twilio_timeout_seconds:
            raise ValueError("SAATHI_OUTBOX_LEASE_SECONDS must exceed TWILIO_TIMEOUT_SECONDS")
        quiet_hours(self.saathi_quiet_hours)
        return self

    @property
    def has_twilio_credentials(self) -> bool:
        return bool(self.twilio_account_sid and self.twilio_auth_token)

    @property
    def sender_kind(self) -> SenderKind:
        if self.saathi_sender != SenderKind.AUTO:
            return self.saathi_sender
        return SenderKind.TWILIO if self.has_twilio_credentials else SenderKind.CONSOLE

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.saathi_timezone)


def quiet_hours(text: str) -> tuple[time, time]:
    """'21:00-09:00' -> (start, end); raise ValueError when malformed."""
    try:
        start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
    except ValueError as exc:
        raise ValueError(f"SAATHI_QUIET_HOURS must look like 21:00-09:00, got {text!r}") from exc
    return start, end


@lru_cache
def get_settings() -> Settings:
    return Settings()

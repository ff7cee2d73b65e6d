"""Settings from environment variables; an invalid value stops start-up with its name."""

from __future__ import annotations

from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

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


@lru_cache
def get_settings() -> Settings:
    return Settings()

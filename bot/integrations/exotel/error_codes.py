"""What Exotel's error codes mean for us. Data, not if-chains.

https://support.exotel.com/support/solutions/articles/3000120944-dlt-platform-error-codes-in-india
"""

from __future__ import annotations

# A few DLT rejections named in Exotel's table; the whole 600 series is configuration.
DLT_CODES = {
    "604": "invalid DLT entity id",
    "623": "entity id does not match the header",
    "630": "DLT template not found",
}
RETRYABLE_HTTP = frozenset({408, 429, 500, 502, 503, 504})


def is_dlt_error(code: str | int | None) -> bool:
    """True for the 600 series: the entity, header or template is wrong; retrying cannot help."""
    text = str(code or "")
    return text.isdigit() and 600 <= int(text) <= 699


def is_retryable(http_status: int, code: str | int | None) -> bool:
    """Temporary trouble on Exotel's side; never a DLT rejection."""
    return http_status in RETRYABLE_HTTP and not is_dlt_error(code)

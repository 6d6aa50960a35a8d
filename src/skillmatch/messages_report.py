"""The HTML report's texts, in French and English: part of the one message catalogue
(`skillmatch.messages.MESSAGES` includes them)."""

from __future__ import annotations

REPORT_MESSAGES: dict[str, tuple[str, str]] = {
}

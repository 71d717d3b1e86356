"""iCalendar (RFC 5545) files for live sessions, written by hand: a few lines per event."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

from lms.models import Cohort, LiveSession


def _escape(text: str) -> str:
    """TEXT values: one logical line, whatever line breaks or controls the text holds."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = "".join(char for char in text if char == "\n" or (ord(char) >= 32 and char != "\x7f"))
    return text.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space."""
    encoded = line.encode()
    if len(encoded) <= 75:
        return line
    parts: list[str] = []
    current = b""
    for char in line:
        piece = char.encode()
        if len(current) + len(piece) > (75 if not parts else 74):
            parts.append(current.decode())
            current = b""
        current += piece
    parts.append(current.decode())
    return "\r\n ".join(parts)


def _stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def calendar(cohort: Cohort, sessions: Sequence[LiveSession], host: str) -> str:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//SSE Academy//Course player//EN",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_escape(cohort.name)}",
    ]
    now = datetime.now(UTC)
    for live in sessions:
        description = "\n\n".join(
            part for part in (live.description, live.speakers, live.join_url) if part
        )
        lines += [
            "BEGIN:VEVENT",
            f"UID:live-session-{live.id}@{host}",
            f"DTSTAMP:{_stamp(now)}",
            f"DTSTART:{_stamp(live.starts_at)}",
            f"DTEND:{_stamp(live.starts_at + timedelta(minutes=live.duration_minutes))}",
            f"SUMMARY:{_escape(live.title)}",
        ]
        if description:
            lines.append(f"DESCRIPTION:{_escape(description)}")
        if live.join_url:
            url = "".join(char for char in live.join_url if ord(char) > 32 and char != "\x7f")
            lines += [f"URL:{url}", f"LOCATION:{_escape(live.join_url)}"]
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return "\r\n".join(_fold(line) for line in lines) + "\r\n"

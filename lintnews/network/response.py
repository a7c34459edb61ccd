"""What one HTTP answer says: its parts, its verdict as an image, when to retry."""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import re
import time
from dataclasses import dataclass
from http import HTTPStatus

from lintnews.common.messages import message as msg
from lintnews.network.result import UrlResult
from lintnews.network.sniff import looks_like_html, sniff_image


def http_reason(status: int) -> str:
    try:
        return f"{status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


@dataclass(slots=True)
class Answer:
    """The parts of a response a verdict needs."""

    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def content_type(self) -> str:
        return self.headers.get("content-type", "").split(";", 1)[0].strip().lower()

    @property
    def size(self) -> int | None:
        total = re.search(r"/\s*(\d+)\s*$", self.headers.get("content-range", ""))
        if total:
            return int(total.group(1))
        length = self.headers.get("content-length", "")
        return int(length) if length.isdigit() and self.status == 200 else None


def judge_content(answer: Answer, url: str) -> UrlResult:
    """The verdict on a 2xx answer: an image needs both an image type and image bytes."""
    content_type = answer.content_type
    body = answer.body
    found = sniff_image(body)
    common = {
        "http_status": answer.status,
        "final_url": url,
        "content_type": content_type or None,
        "size": answer.size,
        "digest": hashlib.sha256(body).hexdigest()[:16],
    }
    if content_type.startswith("image/"):
        if found:
            return UrlResult(
                "ok", f"{http_reason(answer.status)}, {content_type} ({found})", **common
            )
        if not body:
            detail = msg("served as {type} but the response is empty", type=content_type)
        elif looks_like_html(body):
            detail = msg("served as {type} but the content is an HTML page", type=content_type)
        else:
            detail = msg(
                "served as {type} but the content is not in any image format", type=content_type
            )
        return UrlResult("not-image", detail, **common)
    if not content_type:
        detail = (
            msg("served without a Content-Type (the bytes are a {format} image)", format=found)
            if found
            else msg("served without a Content-Type (the bytes are no image)")
        )
    elif content_type == "text/html" or looks_like_html(body):
        detail = msg("served {type}, an HTML page, not an image", type=content_type)
    elif content_type.startswith("video/"):
        detail = msg("served {type}, a video, not an image", type=content_type)
    elif found:
        detail = msg(
            "served {type}, not an image type (the bytes are {format}; fix the server's "
            "Content-Type)",
            type=content_type,
            format=found,
        )
    else:
        detail = msg("served {type}, not an image", type=content_type)
    return UrlResult("not-image", detail, **common)


def retry_after_seconds(headers: dict[str, str]) -> float | None:
    value = headers.get("retry-after", "").strip()
    if not value:
        return None
    if value.isdigit():
        return float(value)
    with contextlib.suppress(TypeError, ValueError):
        when = email.utils.parsedate_to_datetime(value)
        return max(0.0, when.timestamp() - time.time())
    return None

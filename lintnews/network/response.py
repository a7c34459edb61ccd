"""What one HTTP answer says: its parts, its verdict as an image, when to retry."""

from __future__ import annotations

import contextlib
import email.utils
import hashlib
import re
import time
from dataclasses import dataclass
from http import HTTPStatus

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
            detail = f"served as {content_type} but the response is empty"
        elif looks_like_html(body):
            detail = f"served as {content_type} but the content is an HTML page"
        else:
            detail = f"served as {content_type} but the content is not in any image format"
        return UrlResult("not-image", detail, **common)
    if not content_type:
        what = f"a {found} image" if found else "no image"
        detail = f"served without a Content-Type (the bytes are {what})"
    elif content_type == "text/html" or looks_like_html(body):
        detail = f"served {content_type}, an HTML page, not an image"
    elif content_type.startswith("video/"):
        detail = f"served {content_type}, a video, not an image"
    elif found:
        detail = f"served {content_type}, not an image type (the bytes are {found}; fix the server's Content-Type)"
    else:
        detail = f"served {content_type}, not an image"
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

"""What checking one URL found."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

UrlStatus = Literal["ok", "broken", "not-image", "blocked", "transient", "refused"]


@dataclass(frozen=True, slots=True)
class UrlResult:
    """What checking one URL found; ``detail`` is a sentence an editor can act on."""

    status: UrlStatus
    detail: str
    http_status: int | None = None
    final_url: str | None = None
    content_type: str | None = None
    #: Total size in bytes when the server said it.
    size: int | None = None
    #: Hash of the first bytes, to tell two answers for the same URL apart.
    digest: str | None = None

    @property
    def ok(self) -> bool:
        return self.status == "ok"

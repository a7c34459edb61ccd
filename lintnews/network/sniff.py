"""Recognising images (and HTML pages served in their place) by their first bytes."""

from __future__ import annotations

_ISO_BMFF_IMAGE_BRANDS = {
    b"avif": "AVIF",
    b"avis": "AVIF",
    b"heic": "HEIC",
    b"heix": "HEIC",
    b"hevc": "HEIC",
    b"hevx": "HEIC",
    b"heim": "HEIC",
    b"heis": "HEIC",
    b"mif1": "HEIF",
    b"msf1": "HEIF",
}
_HTML_STARTS = (
    b"<!doctype html",
    b"<html",
    b"<head",
    b"<body",
    b"<script",
    b"<title",
    b"<meta",
    b"<iframe",
    b"<div",
    b"<style",
    b"<link",
    b"<p>",
    b"<h1",
    b"<table",
    b"<br",
    b"<a ",
    b"<b>",
    b"<font",
)


def _text_start(data: bytes) -> bytes:
    return data.removeprefix(b"\xef\xbb\xbf").lstrip().lower()


def sniff_image(data: bytes) -> str | None:
    """The image format the bytes start with ("PNG", "SVG"...), or None."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "PNG"
    if data.startswith(b"\xff\xd8\xff"):
        return "JPEG"
    if data.startswith((b"GIF87a", b"GIF89a")):
        return "GIF"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "WebP"
    if data[4:8] == b"ftyp":
        box_end = min(int.from_bytes(data[:4], "big"), len(data)) or len(data)
        brands = [data[8:12]] + [data[i : i + 4] for i in range(16, box_end - 3, 4)]
        for brand in brands:
            if brand in _ISO_BMFF_IMAGE_BRANDS:
                return _ISO_BMFF_IMAGE_BRANDS[brand]
        return None
    if data.startswith((b"\x00\x00\x01\x00", b"\x00\x00\x02\x00")) and len(data) >= 6:
        return "ICO"
    if data.startswith(b"BM") and len(data) >= 14:
        return "BMP"
    if data.startswith((b"II*\x00", b"MM\x00*")):
        return "TIFF"
    if data.startswith((b"\xff\x0a", b"\x00\x00\x00\x0cJXL \r\n\x87\n")):
        return "JPEG XL"
    if data.startswith(b"\x00\x00\x00\x0cjP  \r\n\x87\n"):
        return "JPEG 2000"
    return "SVG" if _looks_like_svg(data) else None


def _looks_like_svg(data: bytes) -> bool:
    text = _text_start(data)
    if text.startswith(b"<svg"):
        return True
    if not text.startswith((b"<?xml", b"<!--", b"<!doctype svg")):
        return False
    svg = text.find(b"<svg")
    html = text.find(b"<html")
    return svg >= 0 and (html < 0 or svg < html)


def looks_like_html(data: bytes) -> bool:
    text = _text_start(data)
    if text.startswith(b"<?xml"):
        return b"<html" in text and not _looks_like_svg(data)
    return text.startswith(_HTML_STARTS)

"""Files the draft engine hands out (a version as text or Word, redlines as Word or HTML): one place for
the page and the API, so both give the same bytes under the same names."""
from __future__ import annotations

from flask import Response

from confmgr.core.errors import InvalidInput
from confmgr.drafts import export, redline, services
from confmgr.extensions import db
from confmgr.registry import services as registry

VERSION_FORMATS = ("text", "docx")
REDLINE_FORMATS = ("docx", "html")


def _filename(*symbols: str, suffix: str) -> str:
    return "_".join(s.replace("/", "_").replace("*", "") for s in symbols) + suffix


def _attachment(body, media: str, name: str, inline: bool = False) -> Response:
    response = Response(body, content_type=media)
    response.headers["Content-Disposition"] = f'{"inline" if inline else "attachment"}; filename="{name}"'
    return response


def version_file(doc, fmt: str) -> Response:
    if fmt not in VERSION_FORMATS:
        raise InvalidInput(f"format: {fmt!r} is not one of json, text, docx", code="format", field="format")
    tree = services.parsed(doc)
    if fmt == "text":
        return _attachment(export.render_text(tree), "text/plain; charset=utf-8",
                           _filename(doc.symbol, suffix=".txt"), inline=True)
    return _attachment(export.render_docx(doc, tree), export.DOCX_MEDIA, _filename(doc.symbol, suffix=".docx"))


def redline_file(actor, from_symbol: str, to_symbol: str, fmt: str, changes_only: bool) -> Response:
    if fmt not in REDLINE_FORMATS:
        raise InvalidInput(f"format: {fmt!r} is not one of json, docx, html", code="format", field="format")
    comparison = services.compare_versions(db.session, actor, from_symbol, to_symbol)
    old = registry.get_document(db.session, actor, comparison["from"])
    new = registry.get_document(db.session, actor, comparison["to"])
    source = redline.Redline(old, new, services.parsed(old), services.parsed(new), comparison,
                             author=services.author_of(db.session, new), changes_only=changes_only)
    stem = "redline_" + _filename(old.symbol, new.symbol, suffix="_changes" if changes_only else "")
    if fmt == "docx":
        return _attachment(redline.render_docx(source), export.DOCX_MEDIA, f"{stem}.docx")
    response = _attachment(redline.render_html(source), "text/html; charset=utf-8", f"{stem}.html", inline=True)
    response.headers["Content-Security-Policy"] = "default-src 'none'; style-src 'unsafe-inline'"
    return response

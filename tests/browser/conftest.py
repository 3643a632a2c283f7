"""Playwright against Debian's Chromium (never a downloaded browser), headless."""
from __future__ import annotations

import pytest

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="package")
def browser():
    # Package scope: Playwright's event loop stops with the browser tests and does not linger into
    # later tests that run asyncio themselves.
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=[
            "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync"])
        yield chromium
        chromium.close()

from tests.server import pg_database_url, redis_queue, server_factory  # noqa: E402,F401

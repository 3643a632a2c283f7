"""Playwright against Debian's Chromium (never a downloaded browser), headless."""
from __future__ import annotations

import pytest

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, headless=True, args=["--no-sandbox"])
        yield chromium
        chromium.close()

from tests.server import pg_database_url, redis_queue, server_factory  # noqa: E402,F401

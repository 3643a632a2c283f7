"""CSRF on every state-changing browser request, and the security headers of every response."""
from __future__ import annotations

from flask import Flask, g, request

from confmgr.extensions import csrf
from confmgr.web.auth import bearer_token

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self' ws: wss:; font-src 'self'; object-src 'none'; base-uri 'self'; "
       "form-action 'self'; frame-ancestors 'none'")


def init_app(app: Flask) -> None:
    @app.before_request
    def _csrf():
        # A bearer-token call carries no ambient credential, so it cannot be forged cross-site.
        if request.method not in ("GET", "HEAD", "OPTIONS") and bearer_token() is None:
            csrf.protect()

    @app.teardown_request
    def _forget_request_caches(_exc=None):
        # The actor and the locale are cached on `g` for one request; an application context that
        # outlives a request (a test, a shell) must not carry them into the next one.
        g.pop("actor", None)
        g.pop("_flask_babel", None)

    @app.after_request
    def _headers(response):
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "same-origin")
        response.headers.setdefault("X-Frame-Options", "DENY")
        if request.headers.get("HX-Request"):
            response.headers.setdefault("Vary", "HX-Request")
        return response

"""The web adapters shared by every blueprint: who is acting, CSRF, errors, security headers, language."""

"""Credentials: the Committee, receipt and examination of credentials, the report and its adoption."""

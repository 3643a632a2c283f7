"""Entry point. `python app.py` serves confmgr with gevent and websockets on HOST:PORT.

Under gunicorn (`gunicorn -k gevent_worker.Worker -w 1 app:app`, see docs/DEPLOYMENT.md)
the worker has monkey-patched the process before importing this module.
"""
import os

if __name__ == "__main__":
    from gevent import monkey

    monkey.patch_all()

from confmgr import create_app  # noqa: E402
from confmgr.core import offload  # noqa: E402


def _install_offload() -> None:
    """Long diffs run in gevent's thread pool, so the websockets of the process keep flowing."""
    from gevent import monkey

    if monkey.is_module_patched("socket"):
        import gevent

        offload.install(lambda fn, args: gevent.get_hub().threadpool.apply(fn, args))


_install_offload()
app = create_app()

if __name__ == "__main__":
    from confmgr.realtime.server import serve

    serve(app, os.environ.get("HOST", "127.0.0.1"), int(os.environ.get("PORT", "5000")))

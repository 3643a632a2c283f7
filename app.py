"""Entry point. `python app.py` serves confmgr with gevent and websockets on HOST:PORT."""
import os

if __name__ == "__main__":
    from gevent import monkey

    monkey.patch_all()

from confmgr import create_app  # noqa: E402
from confmgr.extensions import socketio  # noqa: E402

app = create_app()

if __name__ == "__main__":
    socketio.run(app, host=os.environ.get("HOST", "127.0.0.1"), port=int(os.environ.get("PORT", "5000")))

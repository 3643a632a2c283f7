"""The gunicorn worker of a deployment: `gunicorn -k gevent_worker.Worker -w 1 app:app`.

gevent-websocket's worker, with confmgr's connection handler (kept-alive connections take turns,
confmgr.realtime.server.FairHandler). This module stays outside the confmgr package: gunicorn's
master imports it before any worker has monkey-patched the process, so it imports nothing of the
application; the handler is imported in the worker, after the patch and the loading of `app`.
"""
from geventwebsocket.gunicorn.workers import GeventWebSocketWorker


class Worker(GeventWebSocketWorker):
    def run(self):
        from confmgr.realtime.server import FairHandler

        self.wsgi_handler = FairHandler
        super().run()

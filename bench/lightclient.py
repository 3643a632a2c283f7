"""A light /live follower: raw Engine.IO 4 / Socket.IO 5 frames over one websocket (asyncio).

A full python-socketio client spends far more CPU per message than the server does per follower;
thousands of these cost little, so benchmarks and reliability tests measure the server, not
themselves.
"""
from __future__ import annotations

import asyncio
import json
import time

import websockets

NS = "/live"


class Refused(Exception):
    pass


class LightFollower:
    def __init__(self, base_url: str, *, token: str | None = None):
        self.ws_url = base_url.replace("http://", "ws://").rstrip("/") + "/socket.io/?EIO=4&transport=websocket"
        self.token = token
        self.ws = None
        self.events: list[tuple[str, dict, float]] = []  # (name, data, monotonic time received)
        self.waiters: list[tuple[callable, asyncio.Future]] = []
        self.acks: dict[int, asyncio.Future] = {}
        self._ack_id = 0
        self._reader: asyncio.Task | None = None

    async def connect(self, timeout: float = 20) -> None:
        self.ws = await asyncio.wait_for(
            websockets.connect(self.ws_url, max_size=None, compression=None, open_timeout=timeout,
                               ping_interval=None), timeout)
        opening = await asyncio.wait_for(self.ws.recv(), timeout)
        if not opening.startswith("0"):
            raise Refused(f"unexpected opening frame {opening[:40]!r}")
        auth = {"token": self.token} if self.token else {}
        await self.ws.send(f"40{NS}," + json.dumps(auth))
        reply = await asyncio.wait_for(self.ws.recv(), timeout)
        if reply.startswith(f"44{NS}"):
            raise Refused(reply)
        if not reply.startswith(f"40{NS}"):
            raise Refused(f"unexpected connect reply {reply[:60]!r}")
        self._reader = asyncio.create_task(self._read())

    async def _read(self) -> None:
        try:
            async for frame in self.ws:
                if frame == "2":
                    await self.ws.send("3")
                elif frame.startswith(f"42{NS},"):
                    now = time.monotonic()
                    name, data = json.loads(frame[len(NS) + 3:])
                    self.events.append((name, data, now))
                    for test, fut in list(self.waiters):
                        if not fut.done() and test(name, data):
                            fut.set_result((name, data))
                elif frame.startswith(f"43{NS},"):
                    rest = frame[len(NS) + 3:]
                    i = 0
                    while i < len(rest) and rest[i].isdigit():
                        i += 1
                    fut = self.acks.pop(int(rest[:i]), None)
                    if fut is not None and not fut.done():
                        fut.set_result(json.loads(rest[i:])[0])
        except (websockets.ConnectionClosed, OSError):
            pass

    async def emit(self, name: str, data) -> None:
        await self.ws.send(f"42{NS}," + json.dumps([name, data]))

    async def call(self, name: str, data, timeout: float = 10):
        self._ack_id += 1
        fut = asyncio.get_running_loop().create_future()
        self.acks[self._ack_id] = fut
        await self.ws.send(f"42{NS},{self._ack_id}" + json.dumps([name, data]))
        return await asyncio.wait_for(fut, timeout)

    async def wait_for(self, test, timeout: float = 10, *, start: int = 0):
        """The first event from index `start` on that passes `test(name, data)`."""
        for name, data, _t in self.events[start:]:
            if test(name, data):
                return name, data
        fut = asyncio.get_running_loop().create_future()
        self.waiters.append((test, fut))
        try:
            return await asyncio.wait_for(fut, timeout)
        finally:
            self.waiters.remove((test, fut))

    async def follow(self, stream: str, since: int | None, timeout: float = 20) -> dict:
        start = len(self.events)
        await self.emit("follow", {"stream": stream, "since": since})
        name, data = await self.wait_for(
            lambda n, d: n in ("following", "error") and d.get("stream") == stream, timeout, start=start)
        if name == "error":
            raise Refused(data.get("error"))
        return data

    async def close(self, *, abrupt: bool = False) -> None:
        """Leave; `abrupt` drops the TCP connection without a goodbye, like a laptop going to sleep."""
        if self.ws is None:
            return
        if abrupt:
            self.ws.transport.abort()
        else:
            try:
                await self.ws.send(f"41{NS},")
            except websockets.ConnectionClosed:
                pass
            await self.ws.close()
        if self._reader is not None:
            try:
                await asyncio.wait_for(self._reader, 5)
            except (asyncio.TimeoutError, asyncio.CancelledError):
                self._reader.cancel()
        self.ws = None

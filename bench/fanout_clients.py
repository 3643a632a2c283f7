"""The followers of bench_fanout, in a process of their own: `python -m bench.fanout_clients URL N STREAM [TOKEN]`.

Connects N light followers (see lightclient.py), follows STREAM, prints `ready`, waits for one
`revision` event on each, then prints one JSON line with the monotonic time each one received it.
"""
from __future__ import annotations

import asyncio
import json
import sys

from bench.lightclient import LightFollower


async def main(url: str, n: int, stream: str, token: str | None) -> None:
    clients = [LightFollower(url, token=token) for _ in range(n)]

    async def join(client):
        for attempt in range(5):
            try:
                await client.connect()
                await client.follow(stream, None)
                return
            except (OSError, asyncio.TimeoutError):
                await asyncio.sleep(0.2 * (attempt + 1))
        raise RuntimeError("could not connect")

    for i in range(0, n, 200):
        await asyncio.gather(*(join(c) for c in clients[i:i + 200]))
    print("ready", flush=True)
    results = await asyncio.gather(*(c.wait_for(lambda name, data: name == "revision", 60) for c in clients),
                                   return_exceptions=True)
    times = []
    for client, result in zip(clients, results, strict=True):
        if isinstance(result, BaseException):
            times.append(None)
        else:
            times.append(next(t for name, _d, t in client.events if name == "revision"))
    print(json.dumps(times), flush=True)
    await asyncio.gather(*(c.close() for c in clients), return_exceptions=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4] if len(sys.argv) > 4 else None))

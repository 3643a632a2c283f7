from tests.server import pg_database_url, redis_queue, server_factory  # noqa: F401

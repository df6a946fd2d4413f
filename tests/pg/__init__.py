"""PostgreSQL test helpers: the throwaway cluster (cluster.py) and a connection-cutting proxy (proxy.py)."""

from tests.pg.cluster import PgCluster, pg_bindir

__all__ = ["PgCluster", "pg_bindir"]

"""Names, targets and display order of services and life events: the office profile first, then the
database's service table for codes the profile no longer has (history outlives configuration)."""

from __future__ import annotations

import json
from collections.abc import Sequence

from shared.config import OfficeConfig
from shared.reports import labels as L
from shared.reports.dataset import queue_service
from shared.storage import kpi_store
from shared.storage.backend import Database

DEFAULT_TARGET_MIN = 20


class Catalog:
    def __init__(self, config: OfficeConfig, conn: Database | None = None) -> None:
        self.config = config
        self.names: dict[str, dict[str, str]] = {s.code: dict(s.names) for s in config.services}
        self.targets: dict[str, int] = {s.code: s.target_wait_min for s in config.services}
        self.order: list[str] = [s.code for s in config.services]
        if conn is not None:
            for code, (names, target) in sorted(kpi_store.service_names(conn).items()):
                if code not in self.names:
                    self.names[code] = json.loads(names) or {"ja": code}
                    self.targets[code] = target
                    self.order.append(code)
        self.bundle_names = {b.code: dict(b.names) for b in config.bundles}
        self.bundle_codes = [b.code for b in config.bundles]

    @classmethod
    def from_tables(
        cls,
        names: dict[str, dict[str, str]],
        targets: dict[str, int],
        bundle_names: dict[str, dict[str, str]] | None = None,
    ) -> Catalog:
        """A catalogue without an office profile (the city report: names from the city profile, targets from
        the offices' exports)."""
        c = cls.__new__(cls)
        c.names, c.targets, c.order = dict(names), dict(targets), list(names)
        c.order += [q for q in targets if q not in c.names]
        c.bundle_names = dict(bundle_names or {})
        c.bundle_codes = list(c.bundle_names)
        return c

    def has_service(self, code: str) -> bool:
        return code in self.names

    def service_name(self, code: str, lang: str) -> str:
        names = self.names.get(code, {})
        return names.get(lang) or names.get("ja") or code

    def queue_name(self, queue: str, lang: str) -> str:
        code = queue_service(queue)
        name = self.service_name(code, lang)
        return name + L.t("pickup", lang) if queue.endswith(":pickup") else name

    def target_min(self, queue: str) -> int:
        return self.targets.get(queue_service(queue), DEFAULT_TARGET_MIN)

    def target_s(self, queue: str) -> float:
        return 60.0 * self.target_min(queue)

    def _rank(self, queue: str) -> tuple[int, int, str]:
        code = queue_service(queue)
        pos = self.order.index(code) if code in self.order else len(self.order)
        return pos, 1 if queue.endswith(":pickup") else 0, queue

    def queue_order(self, queues: Sequence[str]) -> list[int]:
        """Indices into ``queues`` in the profile's service order, each pickup queue after its service."""
        return sorted(range(len(queues)), key=lambda i: self._rank(queues[i]))

    def bundle_name(self, code: str, lang: str) -> str:
        names = self.bundle_names.get(code, {})
        return names.get(lang) or names.get("ja") or code

    def bundle_order(self, bundles: Sequence[str]) -> list[int]:
        def rank(i: int) -> tuple[int, str]:
            code = bundles[i]
            return (
                self.bundle_codes.index(code) if code in self.bundle_codes else len(self.bundle_codes),
                code,
            )

        return sorted(range(len(bundles)), key=rank)

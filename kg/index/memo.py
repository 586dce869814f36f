"""A bounded, thread-safe memo for rows the read side asks for on every request: the index
does not change while a build is served, so what was read once (a degree, a claim's ends,
an English name pool) is kept, least recently used forgotten beyond ``size``."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterable
from typing import Any, Generic, TypeVar

K = TypeVar("K", bound=Hashable)
_ABSENT = object()


class Memo(Generic[K]):
    def __init__(self, size: int) -> None:
        self._data: OrderedDict[K, Any] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def many(self, keys: Iterable[K], fetch: Callable[[list[K]], dict[K, Any]]) -> dict[K, Any]:
        """The values of ``keys``, ``fetch``ing those not read before in one call; a key
        ``fetch`` does not return is remembered as absent and left out."""
        out: dict[K, Any] = {}
        missing: list[K] = []
        with self._lock:
            for k in dict.fromkeys(keys):
                if k in self._data:
                    self._data.move_to_end(k)
                    if self._data[k] is not _ABSENT:
                        out[k] = self._data[k]
                else:
                    missing.append(k)
        if missing:
            found = fetch(missing)
            with self._lock:
                for k in missing:
                    self._data[k] = found.get(k, _ABSENT)
                self._trim()
            out.update((k, v) for k, v in found.items() if k in missing)
        return out

    def one(self, key: K, fetch: Callable[[], Any]) -> Any:
        """The value of ``key``, ``fetch``ed the first time."""
        return self.many([key], lambda _: {key: fetch()})[key]

    def _trim(self) -> None:
        while len(self._data) > self._size:
            self._data.popitem(last=False)


__all__ = ["Memo"]

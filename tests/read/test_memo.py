"""The index reader's memo: each key fetched once, absent keys remembered, the oldest
forgotten beyond its size (so a 10 M store does not grow the service without end)."""

from __future__ import annotations

from kg.index.memo import Memo


def test_fetches_each_key_once_and_remembers_absence() -> None:
    calls: list[list[str]] = []

    def fetch(keys: list[str]) -> dict[str, int]:
        calls.append(keys)
        return {k: len(k) for k in keys if k != "gone"}

    memo: Memo[str] = Memo(10)
    assert memo.many(["ab", "gone", "abc"], fetch) == {"ab": 2, "abc": 3}
    assert memo.many(["abc", "gone", "a"], fetch) == {"abc": 3, "a": 1}
    assert calls == [["ab", "gone", "abc"], ["a"]]  # "gone" is not asked for again
    assert memo.one("abcd", lambda: 4) == 4 and memo.one("abcd", lambda: 0) == 4


def test_forgets_the_least_recently_used_beyond_its_size() -> None:
    memo: Memo[int] = Memo(2)
    memo.many([1, 2], lambda ks: {k: k for k in ks})
    memo.many([1], lambda ks: {})  # 1 used again: 2 is now the oldest
    memo.many([3], lambda ks: {k: k for k in ks})
    fetched: list[list[int]] = []

    def fetch(keys: list[int]) -> dict[int, int]:
        fetched.append(keys)
        return {k: -k for k in keys}

    assert memo.many([1, 2, 3], fetch) == {1: 1, 2: -2, 3: 3}
    assert fetched == [[2]]

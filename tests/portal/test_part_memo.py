"""Cached page parts kept in the process (core/fragments.py): never older than their data."""

import pytest
from django.core.cache import cache
from django.core.signals import request_finished, request_started

from core import fragments


class Counter:
    def __init__(self, value):
        self.calls = 0
        self.value = value

    def __call__(self):
        self.calls += 1
        return self.value


def test_a_part_is_computed_again_once_another_process_bumps_its_data():
    compute = Counter({"households": 12})
    first = fragments.cached("memo-test", compute, kinds=("statistics",), key=(1,))
    again = fragments.cached("memo-test", compute, kinds=("statistics",), key=(1,))
    assert first == again == {"households": 12} and compute.calls == 1
    # another web process saves a statistic: only the shared cache sees its bump
    cache.incr("portal:data-version:statistics")
    compute.value = {"households": 13}
    assert fragments.cached("memo-test", compute, kinds=("statistics",), key=(1,)) == {
        "households": 13
    }
    assert compute.calls == 2


def test_each_caller_gets_its_own_copy_unless_the_part_is_shared():
    mine = fragments.cached("memo-copy", Counter(["a"]), kinds=("tree",), key=())
    mine.append("changed by a caller")
    assert fragments.cached("memo-copy", Counter(["b"]), kinds=("tree",), key=()) == ["a"]
    shared = fragments.cached("memo-shared", Counter(("x",)), kinds=("tree",), key=(), shared=True)
    assert fragments.cached(
        "memo-shared", Counter(("y",)), kinds=("tree",), key=(), shared=True
    ) is (shared)


@pytest.mark.django_db  # a request's start and end close old connections
def test_during_a_request_the_versions_are_read_once_and_again_after_its_own_bump():
    compute = Counter("<p>12</p>")
    request_started.send(sender=None)
    try:
        fragments.cached("memo-req", compute, kinds=("fund",), key=())
        cache.incr("portal:data-version:fund")  # another process, mid-request: not seen yet
        fragments.cached("memo-req", compute, kinds=("fund",), key=())
        assert compute.calls == 1
        fragments.bump("fund")  # this request's own write is seen at once
        compute.value = "<p>13</p>"
        assert fragments.cached("memo-req", compute, kinds=("fund",), key=()) == "<p>13</p>"
        assert compute.calls == 2
    finally:
        request_finished.send(sender=None)
    # after the request every call reads the versions again
    cache.incr("portal:data-version:fund")
    assert fragments.cached("memo-req", compute, kinds=("fund",), key=()) == "<p>13</p>"
    assert compute.calls == 3

"""core.event_loops: a call that starts an event loop of its own works inside a running loop too."""

import asyncio
import threading

import pytest

from core.event_loops import outside_event_loop
from tests.conftest import run_in_a_new_loop


def _thread_and_loop(value):
    def running():
        try:
            asyncio.get_running_loop()
            return True
        except RuntimeError:
            return False

    return threading.get_ident(), running(), asyncio.run(_double(value))


async def _double(value):
    return value * 2


def test_without_a_running_loop_the_call_stays_in_this_thread():
    # In a thread of its own: the suite's worker may have Playwright's loop running in its main thread.
    seen = {}

    def call():
        seen["caller"], seen["answer"] = threading.get_ident(), outside_event_loop(_thread_and_loop, 21)

    thread = threading.Thread(target=call)
    thread.start()
    thread.join()

    assert seen["answer"] == (seen["caller"], False, 42)


def test_inside_a_running_loop_the_call_runs_in_a_thread_of_its_own_without_a_loop():
    async def inside():
        return threading.get_ident(), outside_event_loop(_thread_and_loop, 21)

    caller, (thread, loop_running, value) = run_in_a_new_loop(inside)

    assert thread != caller
    assert (loop_running, value) == (False, 42)


def test_an_exception_comes_back_to_the_caller_unchanged():
    def fails(message):
        raise ValueError(message)

    async def inside():
        return outside_event_loop(fails, "hỏng")

    with pytest.raises(ValueError, match="hỏng"):
        run_in_a_new_loop(inside)

"""The runner calls a function with one event at a time, as one Lambda execution environment would."""

from __future__ import annotations

import sys
import textwrap
from concurrent.futures import ThreadPoolExecutor

from local.functions import Functions, FunctionSpec

HANDLER = """
import threading, time

active, peak, lock = 0, 0, threading.Lock()

def lambda_handler(event, context):
    global active, peak
    with lock:
        active += 1
        peak = max(peak, active)
    time.sleep(0.05)  # a handler reading `app.current_event` meanwhile would see another event
    with lock:
        active -= 1
    return event["n"]
"""


def _functions(tmp_path, names) -> Functions:
    specs = {}
    for name in names:
        package = tmp_path / name / f"{name}_pkg"
        package.mkdir(parents=True)
        (package / "__init__.py").write_text("")
        (package / "app.py").write_text(textwrap.dedent(HANDLER))
        specs[name] = FunctionSpec(name, f"{name}_pkg.app.lambda_handler", f"{name}/", 3.0, 128)
    return Functions(specs, tmp_path)


def test_events_of_one_function_never_overlap(tmp_path):
    # Given two functions whose handlers record how many of their events run at once
    functions = _functions(tmp_path, ["alpha", "beta"])

    def call(name: str, n: int) -> int:
        return functions.invoke(name, {"n": n})

    # When eight events per function are sent from eight threads
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(call, ["alpha", "beta"] * 8, range(16)))

    # Then every event got its own answer and each function ran one event at a time
    assert results == list(range(16))
    assert sys.modules["alpha_pkg.app"].peak == 1 and sys.modules["beta_pkg.app"].peak == 1


PROBE = """
import threading
active, peak, lock = 0, 0, threading.Lock()

def enter():
    global active, peak
    with lock:
        active += 1
        peak = max(peak, active)

def leave():
    global active
    with lock:
        active -= 1
"""
SLOW_IMPORT = """
import time
import cold_start_probe

cold_start_probe.enter()
time.sleep(0.1)  # importing shared modules; another cold start importing them now may see them half-made
cold_start_probe.leave()

def lambda_handler(event, context):
    return event["n"]
"""


def test_cold_starts_of_different_functions_happen_one_at_a_time(tmp_path, monkeypatch):
    # Given three functions whose modules take a while to import, and record how many import at once
    (tmp_path / "cold_start_probe.py").write_text(PROBE)
    monkeypatch.syspath_prepend(str(tmp_path))
    functions = _functions(tmp_path, ["gamma", "delta", "epsilon"])
    for name in ("gamma", "delta", "epsilon"):
        (tmp_path / name / f"{name}_pkg" / "app.py").write_text(SLOW_IMPORT)

    # When their first events arrive together
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(lambda name: functions.invoke(name, {"n": name}), ["gamma", "delta", "epsilon"]))

    # Then each answered, and no two imports overlapped
    assert results == ["gamma", "delta", "epsilon"]
    assert sys.modules["cold_start_probe"].peak == 1

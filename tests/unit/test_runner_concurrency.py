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

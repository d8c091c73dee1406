"""Hook call cost: per-tenant dispatch versus a plain pluggy manager.

30 installed addons, 5 active per tenant; 1, 1,000 and 100,000 tenants spread over 20
distinct active sets (bundles and their variations), and a worst case where every tenant
has its own set. Prints microseconds per call. Run: `.venv/bin/python bench/hook_dispatch.py`.
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic_addons import synthetic_catalogue

from core.addons.catalogue import new_plugin_manager
from core.addons.dispatch import Dispatcher, call_hook

CALLS = 200_000


def per_call_us(fn, calls: int = CALLS) -> float:
    """Best of three runs, microseconds per call."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        fn(calls)
        best = min(best, time.perf_counter() - start)
    return best / calls * 1e6


def main() -> None:
    catalogue = synthetic_catalogue(30)
    rng = random.Random(7)
    plain_set = frozenset(catalogue.order[:5])
    plain = new_plugin_manager()
    for addon_id in catalogue.sorted_ids(plain_set):
        plain.register(catalogue.addons[addon_id].plugin, name=addon_id)
    ctx = object()

    def run_plain(calls: int) -> None:
        hook = plain.hook.document_validate
        for _ in range(calls):
            hook(ctx=ctx, document=None)

    baseline = per_call_us(run_plain)
    print(f"plain pluggy, 5 plugins:                       {baseline:6.2f} us/call")
    sets = [frozenset(rng.sample(catalogue.order, 5)) for _ in range(20)]
    for tenants in (1, 1_000, 100_000):
        active_of = [sets[rng.randrange(len(sets))] for _ in range(tenants)]
        order = [rng.randrange(tenants) for _ in range(CALLS)]
        dispatcher = Dispatcher(catalogue)

        def run_tenant(calls: int, active_of=active_of, order=order, dispatcher=dispatcher):
            for i in range(calls):
                manager = dispatcher.manager_for(active_of[order[i]])
                call_hook(manager, "document_validate", ctx=ctx, document=None)

        cost = per_call_us(run_tenant)
        print(f"per-tenant dispatch, {tenants:>7,} tenants:          "
              f"{cost:6.2f} us/call  ({cost / baseline:.2f}x plain)")
    tenants = 100_000
    unique = [frozenset(rng.sample(catalogue.order, 5)) for _ in range(tenants)]
    dispatcher = Dispatcher(catalogue)

    def run_unique(calls: int) -> None:
        for i in range(calls):
            manager = dispatcher.manager_for(unique[i % tenants])
            call_hook(manager, "document_validate", ctx=ctx, document=None)

    cost = per_call_us(run_unique, 20_000)
    print(f"worst case, every tenant its own set (cache misses): {cost:6.2f} us/call")


if __name__ == "__main__":
    main()

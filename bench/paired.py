"""Item 2 of the benchmark: every page of ``bench.pages.PAGES`` on two databases (sizes S and
L), measured in one process: in each round every page at one size and straight after at the
other (the first size alternating from round to round), so whatever else loads the machine
falls on both sizes of a page alike and each ratio is measured in the same run.

``python -m bench.paired SMALL LARGE OUT.json [--quick] [--pages KEY,KEY] [--rounds N]``
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from bench import databases
from bench.pages import PAGES, paths, reference_values

WARM_UP = 2  # requests after each switch of database, not counted (1 for a heavy page)


def timed_get(client, url, clock=time.perf_counter) -> tuple[int, float, float]:
    """(status, seconds to the first byte, seconds to the last byte) of one request."""
    started = clock()
    response = client.get(url)
    if getattr(response, "streaming", False):
        chunks = iter(response.streaming_content)
        next(chunks, b"")
        first = clock() - started
        for _chunk in chunks:
            pass
    else:
        len(response.content)
        first = None
    total = clock() - started
    return response.status_code, total if first is None else first, total


def measure_rounds(sizes, pages, use, get, rounds: int, per_round: int) -> dict:
    """Measure every page at each of ``sizes`` in each round, the sizes taking turns request
    by request: after ``WARM_UP`` requests at each size, ``per_round`` pairs (a heavy page
    ``max(1, per_round // 3)`` pairs after one warm-up), the size asked first alternating from
    round to round. Each request at L is thus measured a few milliseconds from one at S, and
    whatever slows the machine for a while (this 2-CPU machine's speed moves by a third from
    one second to the next) falls on both sizes alike. ``use(size)`` switches the database
    and the caches; ``get(size, page)`` returns (status, first byte, total). A page that
    answers anything but 200 is measured no further and reported in ``errors``. The heavy
    pages (the every-plan files: seconds and millions of rows at L) are measured after every
    round of the others, so the memory they leave behind does not slow the pages measured
    after them."""
    samples = {size: {p.key: [] for p in pages} for size in sizes}
    first_byte = {size: {p.key: [] for p in pages if p.streamed} for size in sizes}
    errors: dict[str, str] = {}
    # The files of every plan are informative but for their first byte: a third of the rounds.
    phases = [
        ([p for p in pages if not p.heavy], rounds),
        ([p for p in pages if p.heavy], max(2, rounds // 3)),
    ]
    for phase, round_ in ((phase, r) for phase, count in phases if phase for r in range(count)):
        order = sizes if round_ % 2 == 0 else sizes[::-1]
        for page in phase:
            count = max(1, per_round // 3) if page.heavy else per_round
            warm_up = 1 if page.heavy else WARM_UP
            turns = [(size, False) for size in order for _ in range(warm_up)]
            turns += [(size, True) for _ in range(count) for size in order]
            for size, counted in turns:
                if page.key in errors:
                    break
                use(size)
                status, first, total = get(size, page)
                if status != 200:
                    errors[page.key] = f"{size} answered {status}"
                elif counted:
                    samples[size][page.key].append(total)
                    if page.streamed:
                        first_byte[size][page.key].append(first)
    return {
        "sizes": list(sizes),
        "samples": samples,
        "first_byte": first_byte,
        "errors": errors,
    }


def _switcher(sizes):
    """``use(size)``: a connection to each size's database, a set of caches for each size
    (their keys apart: a locmem cache's storage is shared) and each size's plan rows kept in
    this process (plan.public_cache), side by side, so that going from one size to the other
    between two requests costs nothing and each size finds what it kept: one process serving
    one database."""
    from django.conf import settings
    from django.core.cache import caches
    from django.db import connections
    from django.utils.module_loading import import_string

    from plan import public_cache

    def cache(alias, size):
        params = {**settings.CACHES[alias]}
        params["KEY_PREFIX"] = f"{params.get('KEY_PREFIX', '')}-bench-{size}"
        backend = import_string(params.pop("BACKEND"))
        return backend(params.pop("LOCATION", ""), params)

    database = connections.settings["default"]
    backend = type(connections["default"])
    wrappers = {s: backend({**database, "NAME": databases.name(s)}, "default") for s in sizes}
    cache_sets = {s: {alias: cache(alias, s) for alias in settings.CACHES} for s in sizes}

    kept_plans = {s: {} for s in sizes}

    def use(size):
        connections["default"] = wrappers[size]
        for alias, instance in cache_sets[size].items():
            caches[alias] = instance
        public_cache._kept_plans = kept_plans[size]

    return use


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.paired")
    parser.add_argument("small")
    parser.add_argument("large")
    parser.add_argument("out")
    parser.add_argument("--quick", action="store_true")
    parser.add_argument("--pages", help="only these page keys, comma-separated (default: all)")
    parser.add_argument("--rounds", type=int, help="rounds (default 12; 2 with --quick)")
    args = parser.parse_args(argv)
    chosen = [p for p in PAGES if not args.pages or p.key in args.pages.split(",")]

    import django

    django.setup()
    from django.contrib.auth.models import Group, User
    from django.core.cache import cache
    from django.test import Client

    from plan.roles import DIRECTOR

    sizes = (args.small, args.large)
    use = _switcher(sizes)

    clients, urls = {}, {}
    for size in sizes:
        use(size)
        user, _ = User.objects.get_or_create(username="bench-directora")
        user.groups.add(Group.objects.get_or_create(name=DIRECTOR)[0])
        director = Client()
        director.force_login(user)
        clients[size] = {True: director, False: Client()}
        urls[size] = paths(reference_values())

    def get(size, page):
        if page.rendered:
            cache.clear()
        return timed_get(clients[size][page.signed_in], urls[size][page.key])

    # 12 rounds: a 6-round run moved a list page's ratio by ±0,1 on a 2-CPU machine.
    rounds, per_round = (2, 3) if args.quick else (12, 5)
    rounds = args.rounds or rounds
    result = measure_rounds(sizes, chosen, use, get, rounds, per_round)
    with open(args.out, "w") as handle:
        json.dump(result, handle)
    print(f"    paired {args.small}/{args.large}: {rounds} rounds", file=sys.stderr)
    for key, error in result["errors"].items():
        print(f"    paired: {key} not measured ({error})", file=sys.stderr)


if __name__ == "__main__":
    main()

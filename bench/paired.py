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
    """Measure every page at each of ``sizes`` in each round: a page at one size, then at the
    other, so its two sizes are measured seconds apart and whatever loads the machine then
    falls on both alike; the size measured first alternates from round to round. Each time,
    ``per_round`` requests after ``WARM_UP`` ones (a heavy page ``max(1, per_round // 3)``
    after one). ``use(size)`` switches the database; ``get(size, page)`` returns (status,
    first byte, total). A page that answers anything but 200 is measured no further and
    reported in ``errors``. The heavy pages (the every-plan files: seconds and millions of
    rows at L) are measured after every round of the others, so the memory they leave behind
    does not slow the pages measured after them."""
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
        for page, size in ((page, size) for page in phase for size in order):
            if page.key in errors:
                continue
            use(size)
            count = max(1, per_round // 3) if page.heavy else per_round
            warm_up = 1 if page.heavy else WARM_UP
            for n in range(count + warm_up):
                status, first, total = get(size, page)
                if status != 200:
                    errors[page.key] = f"{size} answered {status}"
                    break
                if n >= warm_up:
                    samples[size][page.key].append(total)
                    if page.streamed:
                        first_byte[size][page.key].append(first)
    return {
        "sizes": list(sizes),
        "samples": samples,
        "first_byte": first_byte,
        "errors": errors,
    }


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
    from django.db import connection
    from django.test import Client

    from plan.roles import DIRECTOR

    def use(size):
        connection.close()
        connection.settings_dict["NAME"] = databases.name(size)
        cache.clear()

    sizes = (args.small, args.large)
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

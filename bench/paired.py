"""Item 2 of the benchmark: the same plan's pages on two databases (sizes S and L), measured in
one process that alternates between them round by round, so whatever else loads the machine
falls on both sizes alike and the ratio is measured in the same run.

``python -m bench.paired SMALL LARGE OUT.json [--quick]``
"""

from __future__ import annotations

import argparse
import json
import sys
import time

from bench import databases
from bench.measure import REFERENCE, _consume

PAGES = (
    # (key, signed in, cache cleared before each request)
    ("dashboard", True, False),
    ("public_plan", False, True),
    ("public_plan_cached", False, False),
)


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.paired")
    parser.add_argument("small")
    parser.add_argument("large")
    parser.add_argument("out")
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)

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
    clients = {}
    for size in sizes:
        use(size)
        user, _ = User.objects.get_or_create(username="bench-directora")
        user.groups.add(Group.objects.get_or_create(name=DIRECTOR)[0])
        director = Client()
        director.force_login(user)
        clients[size] = {True: director, False: Client()}
    urls = {
        "dashboard": f"/tablero/{REFERENCE}/",
        "public_plan": f"/planes/{REFERENCE}/",
        "public_plan_cached": f"/planes/{REFERENCE}/",
    }
    rounds, per_round = (2, 3) if args.quick else (8, 5)
    samples = {size: {key: [] for key, *_ in PAGES} for size in sizes}
    for _round in range(rounds):
        for size in sizes:
            use(size)
            for key, signed_in, clear in PAGES:
                client = clients[size][signed_in]
                for n in range(per_round + 2):  # two warm-up requests after the switch
                    if clear:
                        cache.clear()
                    started = time.perf_counter()
                    response = client.get(urls[key])
                    _consume(response)
                    if response.status_code != 200:
                        raise SystemExit(f"bench: {urls[key]} answered {response.status_code}")
                    if n >= 2:
                        samples[size][key].append(time.perf_counter() - started)
    with open(args.out, "w") as handle:
        json.dump({"sizes": list(sizes), "samples": samples}, handle)
    print(f"    paired {args.small}/{args.large}: {rounds} rounds", file=sys.stderr)


if __name__ == "__main__":
    main()

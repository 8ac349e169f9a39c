"""Who may read, manage and report what in the district world (tests/district.py), written
out by hand from DOMAIN.md («Who may do what, at district scale»), not computed by the code
under test; shared by the permission matrices of plans, reporting and dashboards."""

from __future__ import annotations

import pytest


@pytest.fixture
def fast_passwords(settings):
    """The district's people have passwords: hash them cheaply (the matrix builds it often)."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


PLANS = ("a", "b", "c", "s1")
EVERY = set(PLANS)
USERS = (
    "plan_a",
    "plan_b",
    "plan_c",
    "plan_s1",
    "plan_district",
    "dir_a",
    "dir_s1",
    "dir_district",
    "rep_a",
    "dir_a_rep_a",
    "plan_a_dir_district",
    "legacy_planning",
)
PLANNING = {"plan_a", "plan_b", "plan_c", "plan_s1", "plan_district"} | {
    "plan_a_dir_district",
    "legacy_planning",
}
# The sector plan is readable by whoever reads an organisation whose unit reports in it.
READS = {
    "plan_a": {"a", "s1"},
    "plan_b": {"b", "s1"},
    "plan_c": {"c"},
    "plan_s1": {"a", "b", "s1"},
    "plan_district": EVERY,
    "dir_a": {"a", "s1"},
    "dir_s1": {"a", "b", "s1"},
    "dir_district": EVERY,
    "rep_a": {"a", "s1"},
    "dir_a_rep_a": {"a", "s1"},
    "plan_a_dir_district": EVERY,
    "legacy_planning": EVERY,
}
# The organisations read (their registers: investment projects, risks, accountability): the
# sector plan is not among an entity's, its own organisation s1 is read only by the sector and
# the district.
READS_ORGANISATION = {
    "plan_a": {"a"},
    "plan_b": {"b"},
    "plan_c": {"c"},
    "plan_s1": {"a", "b", "s1"},
    "plan_district": EVERY,
    "dir_a": {"a"},
    "dir_s1": {"a", "b", "s1"},
    "dir_district": EVERY,
    "rep_a": {"a"},
    "dir_a_rep_a": {"a"},
    "plan_a_dir_district": EVERY,
    "legacy_planning": EVERY,
}
MANAGES = {
    "plan_a": {"a"},
    "plan_b": {"b"},
    "plan_c": {"c"},
    "plan_s1": {"s1"},
    "plan_district": EVERY,
    "plan_a_dir_district": {"a"},
    "legacy_planning": EVERY,
}
# Who reports the indicators of a unit of organisation X (a planning office its own units'
# indicators, also in the sector plan; rep_a its unit's). Directors never write.
REPORTERS_OF_UNIT = {
    code: {u for u in PLANNING if code in MANAGES[u] or MANAGES[u] == EVERY}
    for code in ("a", "b", "c", "s1")
}
REPORTERS_OF_UNIT["a"] = REPORTERS_OF_UNIT["a"] | {"rep_a"}


def reports(user: str, plan: str, unit: str) -> bool:
    return user in REPORTERS_OF_UNIT[unit] or plan in MANAGES.get(user, ())


def may_report_at_all(user: str) -> bool:
    return user in PLANNING or user == "rep_a"

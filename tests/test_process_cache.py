"""config.process_cache: the page chrome's cache keeps objects as they are, in this process."""

from django.core.cache import caches
from django.test import override_settings

from config.process_cache import ProcessMemoryCache


def make(max_entries=300):
    return ProcessMemoryCache("test", {"OPTIONS": {"MAX_ENTRIES": max_entries}})


def test_it_keeps_the_object_itself_and_answers_like_any_cache():
    cache = make()
    value = "<header>…</header>"
    cache.set("a", value)
    assert cache.get("a") is value
    assert cache.get("b", "none") == "none"
    assert cache.add("a", "other") is False and cache.get("a") is value
    assert cache.add("b", "second") is True and cache.has_key("b")
    assert cache.delete("b") is True and cache.delete("b") is False
    assert cache.get("a", version=2) is None  # versions are part of the key
    cache.clear()
    assert cache.get("a") is None


def test_it_never_holds_more_than_its_maximum():
    cache = make(max_entries=3)
    for n in range(10):
        cache.set(f"k{n}", n)
        assert len(cache._store) <= 3
    assert cache.get("k9") == 9


def test_the_chrome_cache_is_one():
    assert isinstance(caches["chrome"], ProcessMemoryCache)


@override_settings(CACHES={"chrome": {"BACKEND": "config.process_cache.ProcessMemoryCache"}})
def test_settings_build_it_from_its_path():
    assert isinstance(caches["chrome"], ProcessMemoryCache)

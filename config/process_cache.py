"""A cache of objects in this process's memory, kept as they are.

Django's LocMemCache pickles every value, checks every key character by character and takes a
lock on each read: right for data, wasteful for the page chrome (header, menu, footer: strings
the templates made, read several times by every response; settings.CACHES["chrome"]). Here a
read is a dictionary lookup. Values must be immutable (strings); keys come from the code
(``{% cache %}`` hashes its own), never from a request, and are few (languages × pages × kinds
of visitor); ``MAX_ENTRIES`` still bounds them.
"""

from __future__ import annotations

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache


class ProcessMemoryCache(BaseCache):
    def __init__(self, name, params):
        super().__init__(params)
        self._store: dict[str, object] = {}

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        key = self.make_key(key, version)
        if key in self._store:
            return False
        self._put(key, value)
        return True

    def get(self, key, default=None, version=None):
        return self._store.get(self.make_key(key, version), default)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._put(self.make_key(key, version), value)

    def _put(self, key, value):
        if len(self._store) >= self._max_entries and key not in self._store:
            self._store.clear()
        self._store[key] = value

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self.make_key(key, version) in self._store

    def delete(self, key, version=None):
        return self._store.pop(self.make_key(key, version), None) is not None

    def has_key(self, key, version=None):
        return self.make_key(key, version) in self._store

    def clear(self):
        self._store.clear()

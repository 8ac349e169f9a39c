"""Loading seed data again: what the seed tests check for every loader."""


def rows(models) -> dict[str, int]:
    return {m.__name__: m.objects.count() for m in models}


def assert_loading_again_changes_nothing(load, models) -> None:
    """Running ``load`` once more leaves the row count of every model of ``models`` alone."""
    before = rows(models)
    load()
    assert rows(models) == before

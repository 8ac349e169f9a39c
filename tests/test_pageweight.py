"""The page-weight measurement (bench/pageweight.py): pure parts."""

import gzip

from bench import pageweight


def test_it_finds_every_external_script_and_sums_their_gzip_sizes():
    html = (
        '<script src="/static/vendor/plotly/plotly-basic.min.js" nonce="x" defer></script>'
        '<script type="application/json" id="f">{"a": 1}</script>'
        '<SCRIPT defer src="/static/js/charts.js"></SCRIPT>'
    )
    files = {
        "/static/vendor/plotly/plotly-basic.min.js": b"a" * 5000,
        "/static/js/charts.js": bytes(range(256)) * 4,
    }
    assert pageweight.scripts(html) == list(files)
    expected = sum(len(gzip.compress(b, compresslevel=9, mtime=0)) for b in files.values())
    assert pageweight.page_weight(html, files.__getitem__) == expected


def test_the_table_says_which_pages_are_within_the_budget():
    text = pageweight.table([("/", 0), ("/pesada/", 400_001)])
    assert "| `/` | 0.0 KB | yes |" in text
    assert "| `/pesada/` | 400.0 KB | no |" in text

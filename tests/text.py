"""A page's text as the tests read it: no scripts, no tags, runs of whitespace folded."""

import re


def page_text(page) -> str:
    """``page`` is a response or its HTML."""
    html = page if isinstance(page, str) else page.content.decode()
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))

"""Link normalization: one page under two spellings is one key (the corpus in test_load.py shows the
located error), and different pages stay different, so no real entry is refused as a duplicate."""

from __future__ import annotations

import pytest
from cvsite.urls import normalize_url

SAME = [
    ("https://theaisummer.com/cnn/", "http://www.theaisummer.com/cnn?utm_source=x&utm_campaign=y&fbclid=z"),
    ("https://example.com/a?b=1&c=2", "https://EXAMPLE.com/a/?c=2&b=1&ref=hn"),
    ("https://arxiv.org/abs/1512.03385", "https://arxiv.org/pdf/1512.03385v3.pdf"),
    ("https://arxiv.org/abs/1512.03385v2", "http://export.arxiv.org/html/1512.03385v1"),
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://youtu.be/dQw4w9WgXcQ"),
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s", "https://m.youtube.com/shorts/dQw4w9WgXcQ"),
    ("https://youtube.com/embed/dQw4w9WgXcQ", "https://www.youtube.com/live/dQw4w9WgXcQ?si=share"),
]
DIFFERENT = [
    ("https://example.com/a", "https://example.com/b"),
    ("https://example.com/list?page=1", "https://example.com/list?page=2"),  # a real parameter is kept
    ("https://example.com/a#part-1", "https://example.com/a#part-2"),
    ("https://arxiv.org/abs/1512.03385", "https://arxiv.org/abs/1512.03386"),
    ("https://arxiv.org/abs/1512.03385", "https://arxiv.org/list/cs.CV/recent"),
    ("https://www.youtube.com/watch?v=dQw4w9WgXcQ", "https://www.youtube.com/watch?v=9bZkp7q19f0"),
    ("https://github.com/a/b", "https://gitlab.com/a/b"),
]


@pytest.mark.parametrize(("one", "other"), SAME)
def test_spellings_of_one_page_share_a_key(one, other):
    assert normalize_url(one) == normalize_url(other)


@pytest.mark.parametrize(("one", "other"), DIFFERENT)
def test_different_pages_keep_different_keys(one, other):
    assert normalize_url(one) != normalize_url(other)

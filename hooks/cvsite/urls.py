"""One canonical form per link, so that the same page under two spellings counts as a duplicate."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit

_TRACKING = re.compile(r"^(utm_\w+|fbclid|gclid|mc_[ce]id|ref|ref_src|source|si|feature|embeds_\w+|source_ve_path|sk|igshid)$")
_ARXIV = re.compile(r"^/(?:abs|pdf|html)/(\d{4}\.\d{4,5})(?:v\d+)?(?:\.pdf)?/?$")


def normalize_url(url: str) -> str:
    """Canonical key of a URL: arXiv and YouTube ids, else https, bare host, no tracking, no trailing slash."""
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k)]
    if host in ("arxiv.org", "export.arxiv.org") and (match := _ARXIV.match(parts.path)):
        return f"arxiv:{match.group(1)}"
    if host == "youtu.be":
        return f"youtube:{parts.path.strip('/')}"
    if host == "youtube.com":
        video = dict(query).get("v") or re.sub(r"^/(embed|shorts|live)/", "", parts.path).strip("/")
        return f"youtube:{video}"
    path = parts.path.rstrip("/")
    tail = f"?{urlencode(sorted(query))}" if query else ""
    fragment = f"#{parts.fragment}" if parts.fragment else ""
    return f"https://{host}{path}{tail}{fragment}"

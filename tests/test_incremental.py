"""hooks/cvsite/incremental.py: which pages a `make serve` rebuild writes again (the serve test checks it
end to end: tests/test_serve.py)."""

from __future__ import annotations

from cvsite import incremental


def test_a_page_is_written_again_when_its_signature_changed_or_its_file_is_missing_and_removed_when_gone(tmp_path):
    pages = incremental.Pages()
    a, b = tmp_path / "a.html", tmp_path / "b.html"
    pages.begin()
    assert pages.changed(str(a), "1") and pages.changed(str(b), "1")  # the first build writes everything
    a.write_text("a"), b.write_text("b")
    pages.commit()
    pages.begin()
    assert not pages.changed(str(a), "1")  # same signature, file there: left as it is
    assert pages.changed(str(b), "2")  # another signature
    assert pages.gone() == []
    pages.commit()
    a.unlink()
    pages.begin()
    assert pages.changed(str(a), "1")  # its file is missing
    assert pages.gone() == [str(b)]  # b is no longer a page of the site: the hooks delete its file
    pages.commit()
    pages.begin()
    pages.changed(str(a), "1")
    assert pages.gone() == []


def test_signatures_differ_with_any_part_and_not_with_how_parts_could_be_joined():
    assert incremental.digest("a", "b") != incremental.digest("ab", "")
    assert incremental.digest("a", "b") == incremental.digest("a", "b")

"""The HTML report with its map and charts."""
from __future__ import annotations

import numpy as np

from planner.export.maps import MAP_DPI, MAP_SIZE_IN


def test_report_has_map_and_charts(baseline):
    page = (baseline.out / "report.html").read_text()
    assert page.count("data:image/png;base64,") >= 2 and "Headline figures" in page
    from PIL import Image

    with Image.open(baseline.out / "map.png") as image:
        assert image.size == (int(MAP_SIZE_IN[0] * MAP_DPI), int(MAP_SIZE_IN[1] * MAP_DPI))
        pixels = np.asarray(image.convert("RGB")).reshape(-1, 3)
    assert len(np.unique(pixels, axis=0)) > 50          # not blank: many colours
    assert (pixels.std(axis=0) > 10).all()


def test_headline_words_and_alignment(baseline):
    """The headline says nothing twice, explains a deviation far beyond the band by the one-unit
    widening, and text cells (names, how the burden is carried) sit left, numbers right."""
    import re

    page = (baseline.out / "report.html").read_text()
    assert "deployed (deployed)" not in page
    assert "widened by one unit" in page and "members inside their personnel band" in page
    assert re.search(r"<td class=t>United States</td>", page)
    assert not re.search(r"<td class=t>[+-]?[\d,.]+ ?%?</td>", page)

"""Read-back checks for a chart the tool wrote: its PNG is drawn, and its figure (as saved, after
the layout) tells the truth at a glance: the legend clear of the title, the data and the axis
labels; linear axes whose ticks are plain numbers; nothing touching the top of an axis; no text
cut off at the edge of the picture."""
from __future__ import annotations

import math
import re
from pathlib import Path

from PIL import Image

# A drawn chart has ink (anything but the background colour) on at least this share of its pixels;
# a blank or nearly blank figure has none.
LEAST_INK = 0.02
# The gap between the highest bar, line or marker and the top of its axis, as a share of the axis
# height: more than autoscale's own 5 % margin leaves, so a chart must ask for headroom.
LEAST_HEADROOM = 0.05
# One pixel of slack for rounding between a text's box and the box it must stay in.
SLACK_PX = 1.0
# A tick label that is a plain number: digits with thousands separators, a sign, a decimal point,
# a percent sign; never a power of ten (10^0), an exponent (1e6) or mathtext.
# Ticks a glance can add up: a step of 1, 2, 2.5 or 5 times a power of ten (not 8, 16, 24).
ROUND_STEPS = (1.0, 2.0, 2.5, 5.0)
PLAIN_NUMBER = re.compile(r"^[-\u2212]?\d{1,3}(,\d{3})*(\.\d+)?%?$|^[-\u2212]?\d+(\.\d+)?%?$")


def assert_png_drawn(path: Path, fig) -> None:
    """The PNG has the figure's size and is not one colour: some share of it carries ink."""
    with Image.open(path) as image:
        rgb = image.convert("RGB")
        width, height = fig.get_size_inches() * fig.dpi
        assert rgb.size == (round(width), round(height)), f"{path.name}: {rgb.size} is not the figure's size"
        colours = rgb.getcolors(maxcolors=rgb.width * rgb.height)
        assert len(colours) > 1, f"{path.name} is one colour"
        background = max(colours)[0]
        assert 1 - background / (rgb.width * rgb.height) >= LEAST_INK, f"{path.name} is nearly blank"


def _texts_of(ax) -> list:
    """The title, axis labels and visible tick labels of an axes (the words around its data)."""
    texts = [ax.title, ax.xaxis.label, ax.yaxis.label] + shown_ticklabels(ax.xaxis) + shown_ticklabels(ax.yaxis)
    return [t for t in texts if t.get_visible() and t.get_text()]


def shown_ticklabels(axis) -> list:
    """The tick labels drawn: a locator also places ticks beyond the view, which are never drawn."""
    lo, hi = sorted(axis.get_view_interval())
    return [t for t in axis.get_ticklabels()
            if t.get_visible() and t.get_text() and lo <= t.get_position()[at_of(axis)] <= hi]


def at_of(axis) -> int:
    """Where along a tick label's position its axis runs: x for the x axis, y for the y axis."""
    return 0 if axis.axis_name == "x" else 1


def assert_legend_clear(fig, renderer) -> None:
    """Every legend sits outside every data area and clear of every title, axis label and tick label."""
    legends = [ax.get_legend() for ax in fig.axes if ax.get_legend() is not None] + list(fig.legends)
    assert legends, "the chart has no legend"
    for legend in legends:
        box = legend.get_window_extent(renderer)
        for ax in fig.axes:
            assert not box.overlaps(ax.get_window_extent(renderer)), "the legend covers the data area"
            for text in _texts_of(ax):
                assert not box.overlaps(text.get_window_extent(renderer)), \
                    f"the legend covers {text.get_text()!r}"


def assert_plain_ticks(axis, renderer) -> None:
    """A numeric axis: linear, no offset or multiplier text, every tick label a plain number, the
    ticks a round step apart, the labels clear of each other."""
    assert axis.get_scale() == "linear", f"a {axis.get_scale()} axis"
    assert not axis.get_offset_text().get_text(), f"an offset on the axis: {axis.get_offset_text().get_text()!r}"
    labels = shown_ticklabels(axis)
    assert len(labels) >= 2, "fewer than two labelled ticks"
    for label in labels:
        assert PLAIN_NUMBER.match(label.get_text()), f"tick label {label.get_text()!r} is not a plain number"
    step = labels[1].get_position()[at_of(axis)] - labels[0].get_position()[at_of(axis)]
    mantissa = abs(step) / 10 ** math.floor(math.log10(abs(step)))
    assert any(math.isclose(mantissa, r) for r in ROUND_STEPS), f"ticks {step:g} apart"
    assert_apart(labels, renderer)


def assert_apart(texts, renderer) -> None:
    """No two of these texts overlap."""
    boxes = [t.get_window_extent(renderer) for t in texts]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not a.overlaps(b), "two labels overlap"


def assert_linear_axes(fig) -> None:
    """No axis of the figure is logarithmic (or any other non-linear scale)."""
    for ax in fig.axes:
        assert ax.get_xscale() == "linear" and ax.get_yscale() == "linear", "a non-linear axis"


def _data_artists(ax) -> list:
    return [a for a in list(ax.lines) + list(ax.patches) + list(ax.collections) if a.get_visible()]


def assert_headroom(fig, renderer, least: float = LEAST_HEADROOM) -> None:
    """Every bar, line (markers included), area and cell ends below the top of its axis by at least
    `least` of the axis height, whichever way up the axis runs."""
    for ax in fig.axes:
        frame = ax.get_window_extent(renderer)
        for artist in _data_artists(ax):
            top = artist.get_window_extent(renderer).y1
            assert top <= frame.y1 - least * frame.height, \
                f"{type(artist).__name__} reaches {top:.0f}px, the axis top is {frame.y1:.0f}px"


def assert_text_inside_figure(fig, renderer) -> None:
    """No title, label, tick label or legend runs off the edge of the picture."""
    edge = fig.bbox
    texts = [(t.get_text(), t.get_window_extent(renderer)) for ax in fig.axes for t in _texts_of(ax)]
    texts += [("the legend", ax.get_legend().get_window_extent(renderer)) for ax in fig.axes
              if ax.get_legend() is not None]
    for name, box in texts:
        assert box.x0 >= edge.x0 - SLACK_PX and box.x1 <= edge.x1 + SLACK_PX, f"{name!r} cut off at a side"
        assert box.y0 >= edge.y0 - SLACK_PX and box.y1 <= edge.y1 + SLACK_PX, f"{name!r} cut off at the top or bottom"


def assert_inside(inner, outer) -> None:
    """Box `inner` lies within box `outer` (to a pixel)."""
    assert inner.x0 >= outer.x0 - SLACK_PX and inner.x1 <= outer.x1 + SLACK_PX, "runs out at a side"
    assert inner.y0 >= outer.y0 - SLACK_PX and inner.y1 <= outer.y1 + SLACK_PX, "runs out at the top or bottom"


def assert_reads_back(fig, path) -> None:
    """The checks every chart with a legend and numeric axes must pass."""
    renderer = fig.canvas.get_renderer()
    assert_png_drawn(path, fig)
    assert_legend_clear(fig, renderer)
    assert_linear_axes(fig)
    assert_headroom(fig, renderer)
    assert_text_inside_figure(fig, renderer)
    for ax in fig.axes:
        assert_plain_ticks(ax.yaxis, renderer)


def drawn_again(fig):
    """The figure on a canvas of its own once more (closing it took its canvas), drawn as it was saved."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    FigureCanvasAgg(fig).draw()
    return fig

"""Labels beside map markers that do not cover each other: each label tries a few spots round its
marker, then the same spots farther out with a leader line, and takes the first one clear of the
labels and markers placed before it."""
from __future__ import annotations

# Where a label may sit round its marker, in order of preference: right, left, above, below, then the
# diagonals (x and y offsets in units of the marker's gap, and the text's alignment there).
SPOTS = [(1, 0, "left", "center"), (-1, 0, "right", "center"), (0, 1, "center", "bottom"),
         (0, -1, "center", "top"), (1, 1, "left", "bottom"), (-1, 1, "right", "bottom"),
         (1, -1, "left", "top"), (-1, -1, "right", "top")]
# How far out the spots lie, in units of the marker's gap: beside it, then a step away.
RINGS = (1.0, 2.6, 4.5, 7.0)
# A white outline round the letters keeps them legible over any fill colour.
HALO_PT = 2.5


def place_labels(ax, labels: list[tuple[float, float, str, float]], taken: list, renderer, **text) -> list:
    """Write each (x, y, text, gap in points) label next to its point, clear of the boxes in `taken`
    (display boxes of markers and earlier labels; the placed labels are added to it) and inside the
    axes where possible; a label with no clear spot takes the one covering the fewest. Returns the text
    artists."""
    frame = ax.get_window_extent(renderer)
    placed = []
    for x, y, words, gap in labels:
        best, chosen = None, None
        for ring in RINGS:
            for spot in SPOTS:
                artist = _write(ax, x, y, words, gap * ring, spot, text, leader=ring > RINGS[0])
                box = _words_box(artist, renderer)
                inside = frame.x0 <= box.x0 and box.x1 <= frame.x1 and frame.y0 <= box.y0 and box.y1 <= frame.y1
                clashes = sum(box.overlaps(other) for other in taken) + (not inside)
                artist.remove()
                if best is None or clashes < best[0]:
                    best = (clashes, ring, spot)
                if not clashes:
                    break
            if best[0] == 0:
                break
        # With no clear spot, the one that covers the fewest others.
        _, ring, spot = best
        chosen = _write(ax, x, y, words, gap * ring, spot, text, leader=ring > RINGS[0])
        taken.append(_words_box(chosen, renderer))
        placed.append(chosen)
    return placed


def _words_box(artist, renderer):
    """The display box of a label's words (an annotation's own box takes in its leader line)."""
    from matplotlib.text import Text

    artist.update_positions(renderer)
    return Text.get_window_extent(artist, renderer)


def _write(ax, x: float, y: float, words: str, gap: float, spot: tuple, text: dict, leader: bool = False):
    from matplotlib import patheffects

    dx, dy, ha, va = spot
    line = {"arrowprops": {"arrowstyle": "-", "color": "#555555", "linewidth": 0.6, "shrinkA": 1,
                           "shrinkB": gap / RINGS[-1]}} if leader else {}
    return ax.annotate(words, (x, y), xytext=(dx * gap, dy * gap), textcoords="offset points", ha=ha, va=va,
                       zorder=7, annotation_clip=False,
                       path_effects=[patheffects.withStroke(linewidth=HALO_PT, foreground="white")], **line, **text)


def marker_box(ax, x: float, y: float, size_pt: float, renderer):
    """The display box of a marker of `size_pt` points across at data point (x, y)."""
    from matplotlib.transforms import Bbox

    px = size_pt * ax.figure.dpi / 72 / 2
    cx, cy = ax.transData.transform((x, y))
    return Bbox([[cx - px, cy - px], [cx + px, cy + px]])

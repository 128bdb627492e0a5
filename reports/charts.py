"""Small charts as inline SVG, drawn on the server.

The portal must work on an offline intranet, so there is no JavaScript chart library and nothing from
a CDN: each chart is a few rectangles and texts, sized in a viewBox so that it scales with the page.
Every text goes through escaping; each chart carries a title and a description for screen readers.
"""

from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

SUCCESS = "#198754"
PRIMARY = "#0d6efd"
WARNING = "#e0a800"
MUTED = "#dee2e6"
TEXT = "#212529"
GRID = "#ced4da"
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"


@dataclass(frozen=True)
class Bar:
    label: str
    value: float  # what the bar's length shows
    text: str  # what is written after the bar, e.g. "3/5 · 60%"


def _short(label: str, limit: int) -> str:
    return label if len(label) <= limit else label[: limit - 1].rstrip() + "…"


def _colour(percent: float) -> str:
    if percent >= 80:
        return SUCCESS
    if percent >= 50:
        return PRIMARY
    return WARNING


def percent_bars(*, key: str, title: str, description: str, bars: list[Bar], width: int = 1060) -> SafeString:
    """Horizontal bars from 0 to 100%, one per row (e.g. acknowledgement coverage per unit)."""
    label_width, text_width, row_height, top = 340, 170, 28, 28
    plot = width - label_width - text_width
    height = top + row_height * max(len(bars), 1) + 8
    parts = [
        format_html(
            '<svg class="chart" role="img" viewBox="0 0 {} {}" width="100%" '
            'preserveAspectRatio="xMinYMin meet" aria-labelledby="{}-t {}-d" '
            'xmlns="http://www.w3.org/2000/svg" font-family="{}" font-size="13">',
            width,
            height,
            key,
            key,
            FONT,
        ),
        format_html('<title id="{}-t">{}</title><desc id="{}-d">{}</desc>', key, title, key, description),
    ]
    for tick in (0, 25, 50, 75, 100):
        x = label_width + plot * tick / 100
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-dasharray="{}"/>'
                '<text x="{}" y="{}" text-anchor="middle" fill="#6c757d" font-size="11">{}%</text>',
                _n(x), top - 6, _n(x), height - 6, GRID, "0" if tick == 0 else "3 3", _n(x), top - 12, tick,
            )
        )
    for index, bar in enumerate(bars):
        y = top + index * row_height
        value = max(0.0, min(100.0, float(bar.value)))
        parts.append(
            format_html(
                '<g class="bar"><title>{}: {}</title>'
                '<text x="{}" y="{}" text-anchor="end" fill="{}">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="{}"/>'
                '<rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="{}"/>'
                '<text x="{}" y="{}" fill="{}">{}</text></g>',
                bar.label, bar.text,
                label_width - 8, _n(y + row_height / 2 + 4), TEXT, _short(bar.label, 48),
                label_width, _n(y + 5), _n(plot), row_height - 10, "#f1f3f5",
                label_width, _n(y + 5), _n(plot * value / 100), row_height - 10, _colour(value),
                _n(label_width + plot + 8), _n(y + row_height / 2 + 4), TEXT, bar.text,
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(p) for p in parts))


def column_chart(
    *, key: str, title: str, description: str, columns: list[Bar], maximum: int, axis_label: str, width: int = 1060
) -> SafeString:
    """Vertical columns with counts (e.g. how many units reported on each content item)."""
    left, right, top, bottom = 44, 12, 26, 44
    height = 250
    plot_w, plot_h = width - left - right, height - top - bottom
    maximum = max(int(maximum), 1)
    count = max(len(columns), 1)
    slot = plot_w / count
    bar_w = min(56.0, slot * 0.6)
    parts = [
        format_html(
            '<svg class="chart" role="img" viewBox="0 0 {} {}" width="100%" '
            'preserveAspectRatio="xMinYMin meet" aria-labelledby="{}-t {}-d" '
            'xmlns="http://www.w3.org/2000/svg" font-family="{}" font-size="12">',
            width, height, key, key, FONT,
        ),
        format_html('<title id="{}-t">{}</title><desc id="{}-d">{}</desc>', key, title, key, description),
    ]
    for tick in _ticks(maximum):
        y = top + plot_h - plot_h * tick / maximum
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-dasharray="{}"/>'
                '<text x="{}" y="{}" text-anchor="end" fill="#6c757d" font-size="11">{}</text>',
                left, _n(y), width - right, _n(y), GRID, "0" if tick == 0 else "3 3", left - 6, _n(y + 4), tick,
            )
        )
    for index, column in enumerate(columns):
        value = max(0.0, float(column.value))
        x = left + slot * index + (slot - bar_w) / 2
        h = plot_h * min(value, maximum) / maximum
        percent = 100 * value / maximum
        parts.append(
            format_html(
                '<g class="column"><title>{}: {}</title>'
                '<rect x="{}" y="{}" width="{}" height="{}" rx="3" fill="{}"/>'
                '<text x="{}" y="{}" text-anchor="middle" fill="{}" font-weight="600">{}</text>'
                '<text x="{}" y="{}" text-anchor="middle" fill="{}">{}</text></g>',
                column.label, column.text,
                _n(x), _n(top + plot_h - h), _n(bar_w), _n(h), _colour(percent),
                _n(x + bar_w / 2), _n(top + plot_h - h - 5), TEXT, _n(value),
                _n(x + bar_w / 2), height - bottom + 18, TEXT, _short(column.label, 12),
            )
        )
    parts.append(
        format_html(
            '<text x="{}" y="{}" text-anchor="middle" fill="#6c757d" font-size="11">{}</text>',
            _n(left + plot_w / 2), height - 6, axis_label,
        )
    )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(str(p) for p in parts))


def _ticks(maximum: int) -> list[int]:
    step = max(1, -(-maximum // 5))
    ticks = list(range(0, maximum + 1, step))
    if ticks[-1] != maximum:
        ticks.append(maximum)
    return ticks


def _n(value: float) -> str:
    """A coordinate with at most one decimal, without a trailing .0."""
    text = f"{value:.1f}"
    return text[:-2] if text.endswith(".0") else text

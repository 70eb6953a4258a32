"""HTML building blocks of the self-contained report (``sim/analysis/report.py``): inline CSS, escaped
tables, figures as base64 ``data:`` URIs, preformatted blocks. Everything taken from files is escaped."""

from __future__ import annotations

import base64
import html
import math
from pathlib import Path

import numpy as np
import pandas as pd

MAX_ROWS = 60  # rows shown of a long table; the CSV next to it has them all


def esc(value) -> str:
    return html.escape(str(value), quote=True)


CSS = """
body{font-family:-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;color:#222;max-width:1180px;margin:0 auto;
padding:16px 28px 60px;line-height:1.45;background:#fff}
h1{font-size:1.7em;margin:.3em 0 .1em}h2{border-bottom:2px solid #ccc;padding-bottom:3px;margin-top:1.8em}
h3{margin-bottom:.3em}.sub{color:#555;margin-top:0}
.box{background:#f4f4f4;border-left:4px solid #555;padding:8px 14px;margin:10px 0}
table{border-collapse:collapse;margin:8px 0 14px;font-size:.88em}
th,td{border:1px solid #ccc;padding:3px 7px;text-align:right;vertical-align:top}
th{background:#eee}td.l,th.l{text-align:left}
pre{background:#f7f7f7;border:1px solid #ddd;padding:8px;overflow-x:auto;font-size:.82em;max-height:520px}
figure{margin:14px 0}figure img{max-width:100%;border:1px solid #ddd}
figcaption{color:#555;font-size:.9em}details summary{cursor:pointer;color:#333;font-weight:600}
.yes{font-weight:700}.note{color:#555;font-size:.9em}
"""


def table(header: list[str], rows: list[list], left: int = 1) -> str:
    head = "".join(f'<th class="{"l" if i < left else ""}">{esc(h)}</th>' for i, h in enumerate(header))
    body = "".join("<tr>" + "".join(f'<td class="{"l" if i < left else ""}">{esc(c)}</td>' for i, c in enumerate(r))
                   + "</tr>" for r in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def figure(png: Path, caption: str | None = None) -> str:
    data = base64.b64encode(png.read_bytes()).decode("ascii")
    caption = caption or png.name
    return (f'<figure><img src="data:image/png;base64,{data}" alt="{esc(caption)}">'
            f"<figcaption>{esc(caption)} <span class=\"note\">({esc(png.name)})</span></figcaption></figure>")


def pre(text: str, title: str | None = None, open_: bool = True) -> str:
    block = f"<pre>{esc(text)}</pre>"
    if title is None:
        return block
    return f"<details{' open' if open_ else ''}><summary>{esc(title)}</summary>{block}</details>"


def kv(pairs: list[tuple[str, object]]) -> str:
    return table(["item", "value"], [[k, "n/a" if v is None else v] for k, v in pairs], left=2)


def frame_table(df: pd.DataFrame, note: str = "") -> str:
    shown = df.head(MAX_ROWS)
    rows = [[fmt(v) for v in r] for r in shown.itertuples(index=False)]
    more = f'<p class="note">{len(df) - MAX_ROWS} more rows in {esc(note)}</p>' if len(df) > MAX_ROWS else ""
    return table([str(c) for c in df.columns], rows) + more


def fmt(v) -> str:
    if isinstance(v, (float, np.floating)):
        if not math.isfinite(v):
            return "n/a"
        return f"{v:.4g}"
    return str(v)

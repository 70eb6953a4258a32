"""`escalation report`: one self-contained HTML file of a batch (or comparison, sensitivity, discovery) that a
browser opens without network and shows with its plots (checked in headless Chromium, screenshot kept)."""

import base64
import json
import re
import shutil
import subprocess

import numpy as np
import pytest

from sim import __version__
from sim.cli import main
from tests.builders import copy_shipped_scenario
from tests.conftest import CHROMIUM_ARGS, ROOT, SCENARIOS

ARTIFACTS = ROOT / "tests" / "artifacts"
DATA_PNG = '<img src="data:image/png;base64,'


@pytest.fixture(scope="module")
def batch(tmp_path_factory):
    folder = tmp_path_factory.mktemp("report") / "batch"
    assert main(["batch", str(SCENARIOS / "sweeps" / "smoke.yaml"), "--out", str(folder), "--quiet", "--workers", "1"]) == 0
    return folder


@pytest.fixture(scope="module")
def report(batch):
    assert not (batch / "analysis").exists()  # the report runs summarize itself
    assert main(["report", str(batch)]) == 0
    path = batch / "report.html"
    assert path.is_file()
    return path


def _loaded_urls(text: str) -> list[str]:
    """Network addresses in the page's real tags (src, href, ... and CSS url()): what a browser would fetch.

    Parsed as HTML, so escaped text that merely mentions an address (a YAML comment) is not counted."""
    from html.parser import HTMLParser

    remote = re.compile(r"^\s*(?:https?:)?//", re.I)
    found: list[str] = []

    class Tags(HTMLParser):
        def handle_starttag(self, tag, attrs):
            for name, value in attrs:
                if name in {"src", "href", "srcset", "action", "poster", "data", "background"} and value \
                        and remote.match(value):
                    found.append(f"<{tag} {name}={value}>")
                if name == "style" and value:
                    found.extend(re.findall(r"url\(\s*[\"']?((?:https?:)?//[^\"')]*)", value, re.I))

    Tags().feed(text)
    found.extend(re.findall(r"url\(\s*[\"']?((?:https?:)?//[^\"')]*)", "".join(re.findall(r"<style>(.*?)</style>", text, re.S)), re.I))
    return found


def test_batch_report_is_one_self_contained_file(batch, report, capsys):
    text = report.read_text(encoding="utf-8")
    pngs = sorted((batch / "analysis").glob("*.png"))
    names = {p.name for p in pngs}
    assert {"fan_chart.png", "p_open_war_by_restraint_pressure.png", "p_open_war_by_actors_taliban_rule.png"} <= names
    assert text.count(DATA_PNG) == len(pngs)  # every plot embedded, and nothing else pretends to be one
    for png in pngs:  # each plot's very bytes are in the page
        assert base64.b64encode(png.read_bytes()).decode("ascii") in text
    assert _loaded_urls(text) == []
    assert "<script" not in text.lower() and "<link" not in text.lower() and "@import" not in text
    # the sweep as run, HTML-escaped; the base scenario as well
    sweep = (SCENARIOS / "sweeps" / "smoke.yaml").read_text(encoding="utf-8")
    for line in sweep.splitlines():
        if line.strip():
            assert _esc(line) in text, line
    assert "name: oct2025" in text
    # provenance: version, seeds, run count
    meta = json.loads((batch / "batch.json").read_text())
    assert __version__ in text and f"escalation {__version__}" in text
    assert re.search(rf"root seed</td><td[^>]*>{meta['root_seed']}<", text)
    import pyarrow.parquet as pq

    seeds = pq.read_table(batch / "summary.parquet", columns=["seed"]).column(0).to_pylist()
    assert all(str(s) in text for s in seeds)
    assert re.search(r"run count</td><td[^>]*>40<", text)
    assert meta["created"] in text and meta["fingerprint"] in text
    # the sections a newcomer reads, and intervals in the tables
    for heading in ("The question", "The scenarios", "The method", "Results", "Provenance"):
        assert f">{heading}</h2>" in text
    assert re.search(r"<td[^>]*>\d\.\d\d \[\d\.\d\d, \d\.\d\d\]</td>", text)  # P(open war) with its interval
    assert "Wilson" in text and "Student t" in text


def _esc(line: str) -> str:
    import html

    return html.escape(line, quote=True)


def test_report_out_option_and_escaping(batch, report, tmp_path):
    target = tmp_path / "sub" / "r.html"
    assert main(["report", str(batch), "--out", str(target)]) == 0
    text = target.read_text(encoding="utf-8")
    assert text.startswith("<!DOCTYPE html>") and DATA_PNG in text
    # a hostile text in the sources comes out inert
    hostile = tmp_path / "hostile"
    shutil.copytree(batch, hostile)
    src = next((hostile / "sources").glob("*smoke.yaml"))
    src.write_text(src.read_text() + "# <script>alert(1)</script> & <img src=https://example.org/x.png>\n")
    assert main(["report", str(hostile)]) == 0
    out = (hostile / "report.html").read_text(encoding="utf-8")
    assert "<script>" not in out and "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in out
    assert _loaded_urls(out) == []


@pytest.mark.parametrize("kind", ["empty", "missing", "scenarios", "unfinished"])
def test_non_report_folder_exits_2_without_traceback(kind, batch, tmp_path, capsys):
    folder = {"empty": tmp_path, "missing": tmp_path / "nope", "scenarios": SCENARIOS,
              "unfinished": tmp_path / "unfinished"}[kind]
    if kind == "unfinished":
        folder.mkdir()
        shutil.copy(batch / "batch.json", folder / "batch.json")
    assert main(["report", str(folder)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "Traceback" not in err
    assert not (folder / "report.html").exists()


def test_sensitivity_and_discovery_outputs_are_included(batch, tmp_path):
    folder = tmp_path / "with_extras"
    shutil.copytree(batch, folder)
    (folder / "sensitivity_morris.csv").write_text("axis,mu_star,mu_star_low,mu_star_high\nrestraint_pressure,0.21,0.1,0.3\n")
    shutil.copy(batch_png := next((batch / "analysis").glob("fan_chart.png")), folder / "sensitivity_morris.png")
    (folder / "analysis").mkdir(exist_ok=True)
    (folder / "analysis" / "discover_open_war.json").write_text(json.dumps(
        {"outcome": "open_war", "density": 0.85, "boxes": [{"axis": "restraint_pressure", "low": 0.5, "high": 1.0}]}))
    shutil.copy(batch_png, folder / "analysis" / "discover_open_war.png")
    assert main(["report", str(folder)]) == 0
    text = (folder / "report.html").read_text(encoding="utf-8")
    assert "sensitivity_morris.csv" in text and "mu_star_high" in text and "0.21" in text
    assert "discover_open_war.json" in text and "0.85" in text
    assert "sensitivity_morris.png" in text and "discover_open_war.png" in text
    assert text.count(DATA_PNG) == len(list((folder / "analysis").glob("*.png"))) + 1


def test_comparison_report(tmp_path):
    out = tmp_path / "cmp"
    base = SCENARIOS / "oct2025.yaml"
    copy = tmp_path / "oct2025_copy.yaml"
    copy_shipped_scenario("oct2025.yaml", copy)
    assert main(["compare", str(base), str(copy), "--replicates", "4", "--days", "20", "--workers", "1",
                 "--quiet", "--out", str(out)]) == 0
    assert main(["report", str(out)]) == 0
    text = (out / "report.html").read_text(encoding="utf-8")
    assert text.count(DATA_PNG) == 1 and "forest.png" in text
    assert "oct2025_copy − oct2025" in text and "difference [95% interval]" in text
    assert "root_seed: 20251009" in text and "name: oct2025" in text and __version__ in text
    assert _loaded_urls(text) == []


def test_report_opens_in_headless_chromium_with_its_plots(report, chromium, tmp_path):
    from PIL import Image

    shot = tmp_path / "report.png"
    cmd = [chromium, *CHROMIUM_ARGS, f"--user-data-dir={tmp_path / 'profile'}", "--window-size=1280,2400",
           f"--screenshot={shot}", report.resolve().as_uri()]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=50, cwd=tmp_path)
    assert shot.is_file(), f"no screenshot (exit {done.returncode}): {done.stderr[-2000:]}"
    assert shot.stat().st_size > 50_000
    ARTIFACTS.mkdir(exist_ok=True)
    kept = ARTIFACTS / "report_screenshot.png"
    shutil.copy(shot, kept)
    print(f"\nscreenshot of the report: {kept}")

    pixels = np.asarray(Image.open(shot).convert("RGB")).astype(int)
    assert pixels.shape[:2] == (2400, 1280)
    non_white = (pixels.min(axis=2) < 245).mean()
    assert non_white > 0.05, f"the page is nearly blank ({non_white:.1%} non-white)"
    colours = len(np.unique(pixels.reshape(-1, 3) @ np.array([1 << 16, 1 << 8, 1])))
    assert colours > 300, f"only {colours} colours: no plot drawn"
    # The page's own CSS and text are grey; only the plots are in colour. Rows with colour = where images are.
    saturated = (pixels.max(axis=2) - pixels.min(axis=2)) > 40
    assert saturated.sum() > 30_000, f"only {saturated.sum()} coloured pixels: the plots are not shown"
    rows = np.flatnonzero(saturated.sum(axis=1) > 20)
    assert rows.size > 300, "the coloured (plot) area is too small"
    area = pixels[rows.min():rows.max() + 1]
    assert len(np.unique(area.reshape(-1, 3) @ np.array([1 << 16, 1 << 8, 1]))) > 100
    assert (area.min(axis=2) < 245).mean() > 0.1  # the image area holds drawing, not white space

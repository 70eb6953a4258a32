"""The terminal report of ``escalation discover`` (:mod:`sim.analysis.discover`).

:func:`report_text` turns a discovery result into plain text: the outcome's base rate, the chosen PRIM box
(coverage, density, mass and each restricted axis with its quasi-p value), the peeling trajectory, and the
decision tree with its leaves, most likely first.
"""

from __future__ import annotations

import textwrap


def _limit_text(axis: str, lim: dict) -> str:
    if lim["kind"] == "categorical":
        return f"{axis} in {{{', '.join(lim['kept'])}}}  (of {len(lim['all'])} values)"
    parts = []
    if lim["restricts"] in ("min", "both"):
        parts.append(f"{lim['min']:.4g} <=")
    parts.append(axis)
    if lim["restricts"] in ("max", "both"):
        parts.append(f"<= {lim['max']:.4g}")
    qp = f", qp {lim['qp_value']:.2g}" if lim.get("qp_value") is not None else ""
    return " ".join(parts) + f"   (full range {lim['full_min']:.4g} .. {lim['full_max']:.4g}{qp})"


def report_text(result: dict, sweep: str) -> str:
    r, p, tree = result, result["prim"], result["tree"]
    lines = [f"{sweep}: scenario discovery of {r['outcome']}: {r['outcome_runs']} of {r['runs']} finished runs "
             f"({r['base_rate']:.1%})" + (f"; {r['skipped_runs']} runs not finished, left out" if r["skipped_runs"] else ""),
             f"axes: {', '.join(r['axes'])}", "",
             f"PRIM box (step {p['chosen_step']} of {len(p['trajectory']) - 1} on the peeling trajectory; "
             + (f"highest coverage with density > {p['threshold']:g})" if p["threshold_reached"]
                else f"no box reaches density > {p['threshold']:g}: the densest box)"),
             f"  coverage {p['coverage']:.3f}  (share of all {r['outcome']} runs that are in the box)",
             f"  density  {p['density']:.3f}  (share of the box's runs with {r['outcome']}; base rate {r['base_rate']:.3f})",
             f"  mass     {p['mass']:.3f}  ({p['runs_in_box']} of {r['runs']} runs in the box)",
             "  limits:" if p["limits"] else "  limits: none (the box is every run)"]
    lines += [f"    {_limit_text(a, lim)}" for a, lim in p["limits"].items()]
    unrestricted = [a for a in r["axes"] if a not in p["limits"]]
    if unrestricted:
        lines.append(f"  unrestricted: {', '.join(unrestricted)}")
    lines += ["", "peeling trajectory:", "  step  coverage  density   mass  runs  restricted axes"]
    for s in p["trajectory"]:
        mark = " <" if s["step"] == p["chosen_step"] else ""
        lines.append(f"  {s['step']:>4}  {s['coverage']:8.3f}  {s['density']:7.3f}  {s['mass']:5.3f}  {s['runs']:>4}  "
                     f"{', '.join(s['axes']) or '-'}{mark}")
    lines += ["", f"decision tree (depth {tree['max_depth']}, at least {tree['min_samples_leaf']} runs per leaf; "
              "weights: [runs without, runs with] the outcome):", textwrap.indent(tree["text"].rstrip(), "  "),
              "leaves, most likely first:", f"  {'share':>6}  {'runs':>5}  rule"]
    for leaf in tree["leaves"]:
        lines.append(f"  {leaf['share']:6.3f}  {leaf['runs']:>5}  {' and '.join(leaf['rule'])}")
    return "\n".join(lines)

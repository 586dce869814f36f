"""A question's answer as plain text for the terminal (``ldhkg ask``): the statement, each
answer with its labels and evidence, what was inferred and from what, and the queries run.
"""

from __future__ import annotations

from kg.ask.model import AskAnswer

_QUOTE_MAX = 160


def render(a: AskAnswer, *, show_sparql: bool = False) -> str:
    """Readable lines; the JSON form (``--json``) carries everything."""
    i = a.interpretation
    ents = ", ".join(f"{e.id} ({e.matched}: {e.role})" for e in i.entities) or "none"
    lines = [f"Q: {a.question}", f"entities: {ents}"]
    for k, p in enumerate(i.parts):
        lines.append(f"part {k + 1} [{p.reading}]: {p.text}")
    lines.append(a.statement)
    for ans in a.answers:
        label = " / ".join(x for x in (ans.label_en, ans.label_zh) if x)
        tag = " [inferred]" if ans.inferred else ""
        tag += " [TCM view]" if ans.frame == "tcm" else ""
        tag += f" (part {ans.part + 1})" if len(i.parts) > 1 else ""
        extra = f" = {ans.value:g} {ans.unit or ''} at {ans.timepoint or '-'}" \
            if ans.value is not None and ans.timepoint else ""
        lines.append(f"- {ans.id}: {label}{tag}{extra}")
        if ans.related:
            lines.append(f"    with: {', '.join(ans.related)}")
        if ans.inferred_from:
            chain = " ; ".join(f"{h.subject} {h.predicate} {h.object}"
                               for h in ans.inferred_from.chain)
            lines.append(f"    inferred by {ans.inferred_from.rule}: {chain}")
        for ev in ans.evidence:
            cites = "".join(f"[{n}]" for n in ev.citations) or "(uncited)"
            design = f", {ev.study_design}" if ev.study_design else ""
            n = f", n={ev.n}" if ev.n else ""
            quote = ev.quote if len(ev.quote) <= _QUOTE_MAX else ev.quote[:_QUOTE_MAX] + "…"
            lines.append(f"    {cites} §{ev.section}{design}{n}: {quote}")
            lines += [f"      audit: {f}" for f in ev.audit_flags]
    for ev in a.closest:
        cites = "".join(f"[{n}]" for n in ev.citations) or "(uncited)"
        lines.append(f"closest: {cites} §{ev.section}: {ev.quote[:_QUOTE_MAX]}")
    if a.computation:
        c = a.computation
        lines.append(f"computed: {c.expression} = {c.result:+g} {c.unit}")
    if a.suggestions:
        lines.append("try: " + " | ".join(a.suggestions))
    if show_sparql:
        for run in a.sparql:
            lines.append(f"-- {run.template} {run.bindings}\n{run.query}")
    else:
        lines.append("queries: " + ", ".join(f"{r.template} {r.bindings}" for r in a.sparql))
    return "\n".join(lines)

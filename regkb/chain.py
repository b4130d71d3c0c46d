"""Who declares, reviews, approves, funds and accepts: a regulation's approval chain, from its data.

Each link lists the agencies the text gives that role (``roles``), with the duty and every clause
cited. Where no role is recorded for a link, the process steps of its stage say who acts there
(cited likewise); where neither exists the link says the text does not state it. The 决策助手
shows the chain at the top of every answer, beside the steps of the project's own path.
"""

from __future__ import annotations

from typing import Any

from . import vocab
from .decide import cites
from .model import Reg

# link → (its name in the answer, the role recorded in the data, the process stage that acts it out)
LINKS: dict[str, tuple[str, str, str | None]] = {
    "declares": ("申报", "applies", "declaration"),
    "reviews": ("审核论证", "reviews", "review"),
    "approves": ("审批", "approves", "approval"),
    "funds": ("资金", "funds", None),
    "accepts": ("验收", "accepts", "acceptance"),
}


def chain(reg: Reg) -> list[dict[str, Any]]:
    """The five links, each with its actors (agency, name, duty, cite) and where they come from."""
    links = []
    for link, (label, role, stage) in LINKS.items():
        actors = [
            {"agency": r.agency, "name": reg.agency_name(r.agency), "duty": r.duty, "cite": cites(reg, r.cite)}
            for r in reg.data.roles
            if r.role == role
        ]
        source = "roles"
        if not actors and stage and reg.data.process is not None:
            source = "process"
            actors = [
                {
                    "agency": s.actor,
                    "name": reg.agency_name(s.actor),
                    "duty": s.title,
                    "cite": cites(reg, s.cite),
                    "step": s.id,
                }
                for s in reg.data.process.steps
                if s.stage == stage
            ]
        links.append(
            {
                "link": link,
                "label": label,
                "stage": vocab.STAGES[stage] if stage else None,
                "stage_id": stage,
                "source": source if actors else None,
                "actors": actors,
            }
        )
    return links

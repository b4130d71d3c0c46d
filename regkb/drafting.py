"""The usual chapter order of a county's 办法 and where each comparison topic goes in a draft.

The drafting workbench (起草参考) lays out its outline by these chapters; every topic of the
vocabulary has exactly one chapter (tests check it), so a new topic cannot silently fall out of drafts.
"""

from __future__ import annotations

from . import vocab

CHAPTERS: dict[str, str] = {
    "general": "总则",
    "duties": "职责",
    "initiation": "立项",
    "procurement": "采购",
    "implementation": "实施",
    "acceptance": "验收",
    "operations": "运维",
    "oversight": "监督",
    "supplementary": "附则",
}

TOPIC_CHAPTER: dict[str, str] = {
    "purpose": "general",
    "scope": "general",
    "principles": "general",
    "roles": "duties",
    "infrastructure": "duties",
    "planning": "initiation",
    "declaration": "initiation",
    "review": "initiation",
    "approval": "initiation",
    "funding": "initiation",
    "procurement": "procurement",
    "implementation": "implementation",
    "supervision": "implementation",
    "security": "implementation",
    "change": "implementation",
    "acceptance": "acceptance",
    "operations": "operations",
    "data_sharing": "operations",
    "assets": "operations",
    "performance": "oversight",
    "audit": "oversight",
    "oversight": "oversight",
    "penalties": "oversight",
    "supplementary": "supplementary",
}


def outline() -> list[dict[str, object]]:
    """Chapters in order, each with its topics (id and label) in the vocabulary's order."""
    return [
        {
            "id": chapter,
            "name": name,
            "topics": [
                {"id": t, "label": label} for t, label in vocab.TOPICS.items() if TOPIC_CHAPTER.get(t) == chapter
            ],
        }
        for chapter, name in CHAPTERS.items()
    ]

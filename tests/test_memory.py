"""What a national build holds in memory (issue #16: a 3,000-regulation build within 2 GB).

The corpus is held compactly, the search index reads its documents one at a time, and what only
makes a rebuild cheap is kept only by a build that rebuilds (``mkdocs serve``); none of it may change
a byte of the site (tests/test_site.py and the byte-identity checks in the maintainer guide).
"""

from __future__ import annotations

import gc
import pickle
import weakref
from collections.abc import Iterator
from pathlib import Path

from pydantic import BaseModel

from regkb import compare, search
from regkb.cache import Cache
from regkb.corpus import Corpus
from regkb.model import Reg
from regkb.validate import load_regulation

ROOT = Path(__file__).resolve().parent.parent


def _models(value: object) -> Iterator[BaseModel]:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, BaseModel):
            yield item
            stack.extend(item.__dict__.values())
        elif isinstance(item, list | tuple):
            stack.extend(item)
        elif isinstance(item, dict):
            stack.extend(item.values())


def test_a_regulations_models_share_what_they_repeat_also_from_the_cache(corpus: Corpus) -> None:
    """Models given the same fields share one set of their names (pydantic keeps one per model), and
    identifiers read from YAML are one string each; a regulation unpickled from the cache shares them
    too, and equals the one checked from its file."""
    for reg in corpus.regs:
        fresh = load_regulation(ROOT / reg.file)
        for loaded in (fresh, pickle.loads(pickle.dumps(fresh, protocol=pickle.HIGHEST_PROTOCOL))):
            models = list(_models(loaded.data))
            sets = {id(model.__pydantic_fields_set__) for model in models}
            contents = {frozenset(model.__pydantic_fields_set__) for model in models}
            assert len(sets) == len(contents) < len(models) / 3, reg.id
            ids = [model.__dict__["id"] for model in models if isinstance(model.__dict__.get("id"), str)]
            assert all(found is next(same for same in ids if same == found) for found in ids), reg.id
            assert loaded.data == reg.data and loaded.data.model_dump() == reg.data.model_dump()


def test_the_index_reads_documents_one_at_a_time(corpus: Corpus, tmp_path: Path) -> None:
    """search.build keeps no document once its words are counted (at 3,000 regulations they held a
    gigabyte): no more are alive at once than one regulation has. From a generator it makes exactly the
    index it makes from a list."""
    cache = Cache(tmp_path / "cache")
    alive: list[weakref.ref[search.Doc]] = []
    most = 0

    def documents() -> Iterator[search.Doc]:
        nonlocal most
        for number, doc in enumerate(search.site_docs(corpus, {}, cache)):
            if number % 10 == 0:
                gc.collect()
                most = max(most, sum(ref() is not None for ref in alive))
            alive.append(weakref.ref(doc))
            yield doc

    streamed = search.build(documents())
    largest = max(len(list(search.regulation_docs(reg))) for reg in corpus.regs)
    assert len(alive) > 2 * largest and 0 < most <= largest + 1
    listed = search.build(list(search.site_docs(corpus, {}, cache)))
    assert streamed.files == listed.files and streamed.docs == listed.docs == len(alive)


def test_a_single_build_does_not_keep_the_download_rows(corpus: Corpus) -> None:
    """The comparison downloads' rows, serialised per regulation, stay on the regulations only where a
    rebuild will join them again (``mkdocs serve``); the files are the same either way."""
    copies = [Reg(reg.data, reg.file, digest=reg.digest) for reg in corpus.regs]  # nothing memoised yet
    once = Corpus(copies, corpus.glossary, corpus.glossary_digest, corpus.data_dir)
    made = compare.downloads(once, remember=False)
    assert not any(key[0] == "rows" for reg in copies for key in reg.__dict__.get("_memo", {}))
    kept = compare.downloads(once, remember=True)
    assert all(any(key[0] == "rows" for key in reg.__dict__.get("_memo", {})) for reg in copies)
    assert made == kept == compare.downloads(once, remember=False)

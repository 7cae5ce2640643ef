"""Resolve the ``cite`` lists of a pack into the :class:`~kneelink.Citation`\\ s answers carry.

Done once per pack, when it is built: the same handful of citation lists recur in every
answer, and the frozen models can be shared between answers.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from kneelink._answer import Citation
from kneelink._loader import PackContent
from kneelink._schema import Contraindication, RedFlag, Rule, Source, cited_source


@dataclass(frozen=True)
class Cited:
    """A cite list, resolved: the citations, and the same as one short line of text."""

    citations: tuple[Citation, ...]
    text: str


def resolve(cites: Iterable[str], sources: Mapping[str, Source]) -> Cited:
    """The citations for ``cites``; every id must name a source of ``sources`` (the loader
    has checked that).

    >>> from kneelink._schema import Source
    >>> article = Source(id="article", title="Knees", author="A chiropractor", citation="a blog",
    ...                  paragraph=[{"number": 6, "paraphrase": "The TFL pulls the IT band."}])
    >>> nhs = Source(id="nhs", title="DVT", publisher="NHS", address="https://www.nhs.uk/dvt/")
    >>> resolve(["article#6", "nhs"], {"article": article, "nhs": nhs}).text
    '"Knees" paragraph 6; "DVT" (NHS)'
    """
    citations: list[Citation] = []
    paragraphs: dict[str, list[int]] = {}
    for cite in cites:
        source_id, number = cited_source(cite)
        source = sources[source_id]
        paragraph = next((p for p in source.paragraph if p.number == number), None) if number else None
        citations.append(
            Citation(
                source=source.id,
                title=source.title,
                author=source.author,
                publisher=source.publisher,
                address=source.address,
                citation=source.citation,
                secondary=source.secondary,
                paragraph=number,
                section=paragraph.section if paragraph else None,
                paraphrase=paragraph.paraphrase if paragraph else None,
            )
        )
        paragraphs.setdefault(source_id, [])
        if number is not None:
            paragraphs[source_id].append(number)
    parts = []
    for source_id, numbers in paragraphs.items():
        source = sources[source_id]
        if numbers:
            label = "paragraph" if len(numbers) == 1 else "paragraphs"
            part = f'"{source.title}" {label} {", ".join(map(str, sorted(numbers)))}'
        else:
            part = f'"{source.title}" ({source.publisher or source.author})'
        parts.append(f"{part}, a secondary source" if source.secondary else part)
    return Cited(tuple(citations), "; ".join(parts))


def resolve_pack(content: PackContent) -> Mapping[tuple[str, ...], Cited]:
    """Every cite list the pack's regions, red flags, contraindications and rules use, resolved."""
    lists: set[tuple[str, ...]] = set()
    for region in content.regions.values():
        lists.add(region.cite)
        if region.how_to_roll_cite:
            lists.add(region.how_to_roll_cite)
    cited: list[RedFlag | Contraindication | Rule] = [
        *content.red_flags.values(),
        *content.contraindications.values(),
        *content.rules,
    ]
    lists.update(item.cite for item in cited)
    for rule in content.rules:
        if rule.red_flag is not None:
            lists.add(flag_citations(content, rule))
    return {cites: resolve(cites, content.sources) for cites in lists}


def flag_citations(content: PackContent, rule: Rule) -> tuple[str, ...]:
    """What a red flag raised by ``rule`` rests on: the flag's sources (its level and
    message), then the rule's (what raised it)."""
    assert rule.red_flag is not None
    flag = content.red_flags[rule.red_flag].cite
    return (*flag, *(cite for cite in rule.cite if cite not in flag))

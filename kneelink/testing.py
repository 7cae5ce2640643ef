"""Hypothesis strategies for testing code that uses kneelink, or a rule pack of your own.

Needs `Hypothesis <https://hypothesis.readthedocs.io>`_ (``pip install kneelink[test]``).
Every strategy draws only ids that the pack defines, so the reports it makes are always
accepted by :meth:`RulePack.suggest_regions <kneelink.RulePack.suggest_regions>`.

>>> from hypothesis import given, settings
>>> import kneelink
>>> from kneelink.testing import reports
>>> @settings(max_examples=20, deadline=None, database=None)
... @given(reports(red_flags=False))
... def test_regions_are_in_treatment_order(report):
...     order = list(kneelink.default_pack().regions)
...     ids = kneelink.suggest_regions(report).region_ids
...     assert list(ids) == sorted(ids, key=order.index)
>>> test_regions_are_in_treatment_order()
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from hypothesis import strategies as st

from kneelink._pack import RulePack, default_pack
from kneelink._report import Side, SymptomReport

__all__ = ["reports", "symptom_ids"]

DEFAULT_SIDES: tuple[Side | None, ...] = (None, "left", "right", "both")


def _ids(pack: RulePack | None, categories: Collection[str] | None) -> list[str]:
    pack = pack or default_pack()
    ids = [id_ for id_, symptom in pack.symptoms.items() if categories is None or symptom.category in categories]
    if not ids:
        wanted = "any category" if categories is None else f"categories {sorted(categories)}"
        raise ValueError(f"rule pack {pack.info.name!r} has no symptom of {wanted}")
    return ids


def symptom_ids(pack: RulePack | None = None, *, categories: Collection[str] | None = None) -> st.SearchStrategy[str]:
    """Symptom ids of ``pack`` (the default pack when ``None``).

    ``categories`` keeps only symptoms of those categories (``"knee_pain"``,
    ``"condition"``, ``"aggravating_factor"``, ``"red_flag"``); a filter that leaves
    nothing raises :class:`ValueError` at once rather than drawing nothing.

    >>> from hypothesis import given, settings
    >>> @settings(max_examples=10, database=None)
    ... @given(symptom_ids(categories={"knee_pain"}))
    ... def test_knee_pain_ids(symptom):
    ...     assert default_pack().symptoms[symptom].category == "knee_pain"
    >>> test_knee_pain_ids()
    >>> symptom_ids(categories={"no_such_category"})
    Traceback (most recent call last):
    ...
    ValueError: rule pack 'kneelink-default' has no symptom of categories ['no_such_category']
    """
    return st.sampled_from(_ids(pack, categories))


def reports(
    pack: RulePack | None = None,
    *,
    min_size: int = 1,
    max_size: int = 6,
    red_flags: bool = True,
    sides: Sequence[Side | None] = DEFAULT_SIDES,
    ages: st.SearchStrategy[int | None] | None = None,
    contraindications: bool = False,
) -> st.SearchStrategy[SymptomReport]:
    """:class:`~kneelink.SymptomReport` objects over ``pack`` (the default pack when ``None``).

    Each report holds ``min_size`` to ``max_size`` distinct symptom ids (fewer if the
    pack has fewer), a side drawn from ``sides`` and an age drawn from ``ages`` (by
    default none, or 0 to 120 years). ``red_flags=False`` leaves out symptoms of the
    ``red_flag`` category. ``contraindications=True`` adds up to two local
    contraindications, ``(kind, region)`` pairs from the pack's vocabulary (none if the
    pack defines no kinds).
    """
    pack = pack or default_pack()
    categories = None if red_flags else {symptom.category for symptom in pack.symptoms.values()} - {"red_flag"}
    ids = _ids(pack, categories)
    if min_size < 1 or min_size > max_size:
        raise ValueError(f"need 1 <= min_size <= max_size, got min_size={min_size}, max_size={max_size}")
    kinds, regions = list(pack.content.contraindications), list(pack.regions)
    local: st.SearchStrategy[list[tuple[str, str]]] = st.just([])
    if contraindications and kinds and regions:
        pairs = st.tuples(st.sampled_from(kinds), st.sampled_from(regions))
        local = st.lists(pairs, max_size=2, unique=True)
    return st.builds(
        SymptomReport,
        symptoms=st.lists(st.sampled_from(ids), min_size=min(min_size, len(ids)), max_size=max_size, unique=True),
        side=st.sampled_from(tuple(sides)),
        age=ages if ages is not None else st.none() | st.integers(min_value=0, max_value=120),
        contraindications=local,
    )


def _hypothesis_setup_hook() -> None:
    """Called by Hypothesis at start-up (the ``hypothesis`` entry point), so that
    ``st.from_type(kneelink.SymptomReport)`` draws reports over the default pack.

    Deferred, so that merely importing Hypothesis never loads a rule pack.
    """
    st.register_type_strategy(SymptomReport, st.deferred(lambda: reports()))

"""Asking and reading: what to ask next, free text in, and what is still unscreened.

- :mod:`._questions`: ``next_question`` and ``Question``;
- :mod:`._parse`: ``parse``, English text into a report, from the pack's lexicon;
- :mod:`kneelink._screening` (below the explanation, which computes ``unscreened`` with it):
  which unanswered questions could still change an answer.
"""

"""The engines that evaluate a compiled rule pack, and choosing one.

- :mod:`._compiler`: a validated pack compiled into rules both engines run (and, on first
  use, the durable-rules ruleset definition);
- :mod:`._interface`: what an engine is (``Firing``, ``RuleEngine``), below the engines;
- :mod:`._choice`: ``engine="auto"`` and building the chosen engine, above them;
- :mod:`._durable`: durable-rules' Rete engine behind a synchronous, thread-safe adapter;
- :mod:`._native`: kneelink's own indexed forward chaining, pure Python;
- :mod:`._limits`: durable-rules' limits, counted before a ruleset is created.

Nothing here is imported by ``import kneelink`` beyond what answering needs, and
durable-rules itself only when a durable engine is built.
"""

"""What this environment has installed that some tests need."""

from __future__ import annotations

import importlib.util

# durable-rules is not installed on Python 3.13 without the `durable` extra (a CI leg runs
# that way): tests that need it skip there, everything else runs on the native engine.
DURABLE_INSTALLED = importlib.util.find_spec("durable_rules_engine") is not None

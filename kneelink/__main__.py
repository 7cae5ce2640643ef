"""``python -m kneelink``: the same command as ``kneelink``."""

from kneelink._cli import main

if __name__ == "__main__":  # not when a tool (pytest --doctest-modules) imports the module
    raise SystemExit(main())

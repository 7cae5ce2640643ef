"""Render an SVG in headless Chromium and get back the PNG a person would see.

Used by the pixel tests and by ``readme_picture.py`` beside it. Chromium is
Debian's ``chromium`` package (``.ci/run`` installs it); nothing here downloads a browser.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

TIMEOUT_SECONDS = 120
# Whatever lies outside the picture is this colour, so a stray mark shows up.
OUTSIDE = (255, 0, 255)
FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
    "--force-device-scale-factor=1",
)


def chromium() -> str | None:
    """The path of a Chromium binary, or ``None``."""
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


def page(svg: str, *, margin: int = 0, background: tuple[int, int, int] = OUTSIDE) -> str:
    """An HTML page holding ``svg`` at ``(margin, margin)`` on a plain ``background``.

    ``overflow: visible`` lets anything drawn outside the SVG's box show on the page, where
    a test can find it (an inline SVG clips to its box by default).
    """
    red, green, blue = background
    return (
        "<!doctype html><html><head><meta charset='utf-8'><style>"
        f"html,body{{margin:0;padding:0;background:rgb({red},{green},{blue})}}"
        f"svg{{display:block;overflow:visible;margin:{margin}px}}"
        f"</style></head><body>{svg}</body></html>"
    )


def screenshot(html: str, width: int, height: int) -> bytes:
    """The PNG of ``html`` in a ``width`` x ``height`` window; ``RuntimeError`` if Chromium
    is missing or fails."""
    binary = chromium()
    if binary is None:
        raise RuntimeError("Chromium is not installed (Debian: apt-get install chromium)")
    with tempfile.TemporaryDirectory(prefix="kneelink-browser-") as folder:
        where = Path(folder)
        (where / "page.html").write_text(html, encoding="utf-8")
        output = where / "shot.png"
        command = [
            binary,
            *FLAGS,
            f"--user-data-dir={where / 'profile'}",
            f"--screenshot={output}",
            f"--window-size={width},{height}",
            (where / "page.html").as_uri(),
        ]
        environment = {**os.environ, "HOME": folder}  # Chromium writes caches under HOME
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=TIMEOUT_SECONDS, check=False, env=environment
        )
        if done.returncode != 0 or not output.is_file():
            raise RuntimeError(f"Chromium failed ({done.returncode}): {done.stderr[-2000:]}")
        return output.read_bytes()

"""Headless Chromium over the DevTools protocol on a pipe: print to PDF and inspect pages.

Chromium is started with ``--remote-debugging-pipe``: it reads protocol messages (JSON, each
ended by a NUL byte) on file descriptor 3 and writes on 4. That needs no port, no websocket
library and no driver binary, and it ends with the process (decision record 0023). The flags
are those that work headless as root on a machine without network: no sandbox, no GPU, no
background networking, a fresh profile folder.
"""

from __future__ import annotations

import base64
import contextlib
import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import TracebackType
from typing import Any

from carbon.errors import ExternalToolError

CANDIDATES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--disable-dev-shm-usage", "--hide-scrollbars", "--mute-audio")
TIMEOUT_S = 60.0
#: Trampoline run by a fresh Python: put the pipe ends given as argv[1] and argv[2] on fds 3
#: and 4, then become the browser (exec). A shell cannot do it portably (dash only knows fds
#: 0-9), and a preexec_fn runs Python between fork and exec, which is unsafe with threads.
WIRE = ("import os, sys; r, w = int(sys.argv[1]), int(sys.argv[2]); os.dup2(r, 3); "
        "os.dup2(w, 4); os.close(r); os.close(w); os.execv(sys.argv[3], sys.argv[3:])")
#: A4 in inches (210 x 297 mm), for Page.printToPDF.
A4_IN = (8.27, 11.69)


def find_chromium() -> str | None:
    """Path of a Chromium/Chrome binary (``CARBON_CHROMIUM`` first, then ``PATH``), or None."""
    explicit = os.environ.get("CARBON_CHROMIUM")
    if explicit:
        return str(Path(explicit).resolve()) if Path(explicit).is_file() else None
    return next((found for name in CANDIDATES if (found := shutil.which(name))), None)


def require_chromium() -> str:
    """Path of Chromium, or a clear error saying how to install it."""
    binary = find_chromium()
    if binary is None:
        raise ExternalToolError(
            "Chromium is not installed, so the PDF cannot be printed",
            fix="install it (Debian/Ubuntu: apt-get install chromium) or set CARBON_CHROMIUM "
                "to a Chrome/Chromium binary; the HTML report prints to PDF from any browser")
    return binary


class Browser:
    """A headless Chromium driven over the DevTools pipe; use as a context manager.

    Examples
    --------
    >>> with Browser() as browser:                        # doctest: +SKIP
    ...     page = browser.open(Path("report.html"))
    ...     page.evaluate("document.title")
    """

    def __init__(self, binary: str | None = None) -> None:
        self.binary = binary or require_chromium()
        self._profile = tempfile.mkdtemp(prefix="carbon-chromium-")
        self._next_id = 0
        self._buffer = b""
        self.events: list[dict[str, Any]] = []
        to_child, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        # The child's ends move to fds >= 10, so that putting them on 3 and 4 never overwrites
        # one before it is copied.
        read_end = fcntl.fcntl(to_child, fcntl.F_DUPFD_CLOEXEC, 10)
        write_end = fcntl.fcntl(from_child_w, fcntl.F_DUPFD_CLOEXEC, 10)
        for fd in (to_child, from_child_w):
            os.close(fd)
        command = [self.binary, *FLAGS, f"--user-data-dir={self._profile}",
                   "--remote-debugging-pipe", "about:blank"]
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-c", WIRE, str(read_end), str(write_end), *command],
                pass_fds=(read_end, write_end), stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        except OSError as exc:
            shutil.rmtree(self._profile, ignore_errors=True)
            raise ExternalToolError(f"Chromium could not be started: {exc}",
                                    value=self.binary) from None
        finally:
            os.close(read_end)
            os.close(write_end)

    def __enter__(self) -> Browser:
        return self

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()

    def close(self) -> None:
        """Ask Chromium to quit, then make sure it has, and remove the profile."""
        try:
            self._send({"id": -1, "method": "Browser.close"})
            self.process.wait(timeout=10)
        except (OSError, subprocess.TimeoutExpired):
            self.process.kill()
            self.process.wait(timeout=10)
        finally:
            for fd in (self._to_child, self._from_child):
                with contextlib.suppress(OSError):
                    os.close(fd)
            shutil.rmtree(self._profile, ignore_errors=True)

    def _send(self, message: dict[str, Any]) -> None:
        os.write(self._to_child, json.dumps(message).encode("utf-8") + b"\0")

    def _receive(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buffer:
            if time.monotonic() > deadline:
                raise ExternalToolError("Chromium did not answer in time")
            chunk = os.read(self._from_child, 1 << 16)
            if not chunk:
                raise ExternalToolError("Chromium closed the DevTools pipe (it may have crashed)")
            self._buffer += chunk
        message, self._buffer = self._buffer.split(b"\0", 1)
        result: dict[str, Any] = json.loads(message)
        return result

    def call(self, method: str, params: dict[str, Any] | None = None,
             session: str | None = None) -> dict[str, Any]:
        """Send one protocol command and return its ``result``; events are kept in
        :attr:`events`."""
        self._next_id += 1
        message: dict[str, Any] = {"id": self._next_id, "method": method,
                                   "params": params or {}}
        if session:
            message["sessionId"] = session
        self._send(message)
        deadline = time.monotonic() + TIMEOUT_S
        while True:
            reply = self._receive(deadline)
            if reply.get("id") == self._next_id:
                if "error" in reply:
                    raise ExternalToolError(f"DevTools {method} failed: {reply['error']}")
                answer: dict[str, Any] = reply.get("result", {})
                return answer
            self.events.append(reply)

    def wait_for(self, method: str, session: str) -> dict[str, Any]:
        """Wait for an event of a session (e.g. ``Page.loadEventFired``)."""
        deadline = time.monotonic() + TIMEOUT_S
        for event in self.events:
            if event.get("method") == method and event.get("sessionId") == session:
                return event
        while True:
            event = self._receive(deadline)
            self.events.append(event)
            if event.get("method") == method and event.get("sessionId") == session:
                return event

    def open(self, path: Path, *, width: int = 1200, height: int = 900) -> Page:
        """Open a local file in a new tab, wait for ``load`` and return the page."""
        target = self.call("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"]
        for domain in ("Page.enable", "Runtime.enable", "Log.enable"):
            self.call(domain, session=session)
        self.call("Emulation.setDeviceMetricsOverride",
                  {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
                  session=session)
        self.call("Page.navigate", {"url": path.resolve().as_uri()}, session=session)
        self.wait_for("Page.loadEventFired", session)
        return Page(self, session)


class Page:
    """An open tab: evaluate script, read console problems, screenshot, print to PDF."""

    def __init__(self, browser: Browser, session: str) -> None:
        self.browser = browser
        self.session = session

    def evaluate(self, expression: str) -> Any:
        """Value of a JavaScript expression (returned by value)."""
        result = self.browser.call("Runtime.evaluate", {"expression": expression,
                                                        "returnByValue": True,
                                                        "awaitPromise": True}, self.session)
        if "exceptionDetails" in result:
            raise ExternalToolError(f"script failed: {result['exceptionDetails'].get('text')}",
                               value=expression)
        return result["result"].get("value")

    def problems(self) -> list[str]:
        """Console errors, warnings, uncaught exceptions and failed loads seen so far."""
        found = []
        for event in self.browser.events:
            if event.get("sessionId") != self.session:
                continue
            method, params = event.get("method"), event.get("params", {})
            if method == "Runtime.consoleAPICalled" and params.get("type") in ("error",
                                                                                "warning",
                                                                                "assert"):
                found.append(" ".join(str(a.get("value", a.get("description", "")))
                                      for a in params.get("args", [])))
            elif method == "Runtime.exceptionThrown":
                found.append(str(params.get("exceptionDetails", {}).get("text")))
            elif method == "Log.entryAdded" and params.get("entry", {}).get("level") in (
                    "error", "warning"):
                found.append(str(params["entry"].get("text")))
        return found

    def screenshot(self, path: Path, *, full_page: bool = True) -> Path:
        """Save a PNG screenshot (the whole page by default)."""
        params: dict[str, Any] = {"format": "png", "captureBeyondViewport": full_page}
        result = self.browser.call("Page.captureScreenshot", params, self.session)
        path.write_bytes(base64.b64decode(result["data"]))
        return path

    def pdf(self, path: Path) -> Path:
        """Print the page to an A4 PDF with its print CSS and background colours."""
        width, height = A4_IN
        result = self.browser.call("Page.printToPDF", {
            "printBackground": True, "preferCSSPageSize": True, "paperWidth": width,
            "paperHeight": height, "displayHeaderFooter": False}, self.session)
        path.write_bytes(base64.b64decode(result["data"]))
        return path


def print_pdf(html: Path, pdf: Path, binary: str | None = None) -> Path:
    """Print an HTML file to an A4 PDF with headless Chromium.

    Raises
    ------
    ExternalToolError
        If Chromium is not installed (with how to install it) or fails.
    """
    with Browser(binary) as browser:
        return browser.open(html).pdf(pdf)

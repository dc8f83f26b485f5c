"""Serve the demo job-site page in web/ with the chat widget.

A static file server plus one generated file, `/config.js`, which tells the page where the Rasa
server is, so the same page works under `make run` (Rasa on :5005) and in the browser tests
(their own ports). The widget's script comes from the npm package installed by `npm ci`; the
rest of node_modules is not served.

    .venv/bin/python scripts/serve_web.py --port 8080 --rasa-url http://localhost:5005
"""

from __future__ import annotations

import argparse
import contextlib
import json
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

WEB_ROOT = Path(__file__).resolve().parent.parent / "web"
WIDGET_SCRIPT = WEB_ROOT / "node_modules" / "rasa-webchat" / "lib" / "index.js"
WIDGET_URL = "/vendor/rasa-webchat.js"


class PageHandler(SimpleHTTPRequestHandler):
    """Static files from web/, the widget bundle, and the page's configuration."""

    def __init__(self, *args, rasa_url: str, **kwargs) -> None:
        self.rasa_url = rasa_url
        super().__init__(*args, directory=str(WEB_ROOT), **kwargs)

    def do_GET(self) -> None:  # noqa: N802 - http.server's naming
        path = urlsplit(self.path).path
        if path == "/config.js":
            config = json.dumps({"socketUrl": self.rasa_url})
            self.send_body(f"window.CHAT_CONFIG = {config};\n".encode(), "text/javascript")
        elif path == WIDGET_URL:
            self.send_body(WIDGET_SCRIPT.read_bytes(), "text/javascript")
        else:
            super().do_GET()

    def translate_path(self, path: str) -> str:
        # Only the page's own files: not node_modules, not the npm manifest. Checked on the
        # resolved file, so `/x/../node_modules` or percent-encoding cannot get around it.
        local = Path(super().translate_path(path))
        relative = local.relative_to(WEB_ROOT).parts if local.is_relative_to(WEB_ROOT) else ()
        if relative and (relative[0] == "node_modules" or relative[0].startswith("package")):
            return str(WEB_ROOT / "not-served")
        return str(local)

    def send_body(self, body: bytes, content_type: str) -> None:
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", f"{content_type}; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-cache")
        self.end_headers()
        self.wfile.write(body)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8080)
    parser.add_argument("--rasa-url", default="http://localhost:5005")
    args = parser.parse_args()
    if not WIDGET_SCRIPT.is_file():
        raise SystemExit(f"{WIDGET_SCRIPT} is missing: run `npm ci --prefix web` (make web)")
    handler = partial(PageHandler, rasa_url=args.rasa_url)
    with ThreadingHTTPServer((args.host, args.port), handler) as server:
        print(f"Job-site page: http://localhost:{args.port}/", flush=True)
        # Ctrl-C on `make run` reaches every process: stop without a traceback.
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()


if __name__ == "__main__":
    main()

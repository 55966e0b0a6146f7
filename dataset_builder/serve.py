"""`prorl data serve`: a built corpus, read-only over HTTP, for trainers on other machines.

Only the files a corpus consists of are served (lock.json, shards, the data card and reports),
looked up from a fixed list rather than joined onto the folder path, so no request path can
reach outside the corpus. HEAD and single-range GET (`Range: bytes=a-b`) let fsspec's HTTP
filesystem read shards in blocks.
"""

from __future__ import annotations

import json
import re
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")
_TYPES = {
    ".json": "application/json",
    ".md": "text/markdown; charset=utf-8",
    ".png": "image/png",
    ".jsonl": "application/x-ndjson",
    ".arrow": "application/vnd.apache.arrow.file",
}


def servable_files(root: Path) -> dict[str, Path]:
    """URL path (no leading slash) -> file, for exactly the files of a built corpus."""
    files: dict[str, Path] = {}
    for name in (
        "lock.json",
        "README.md",
        "decontamination.jsonl",
        "rejects.jsonl",
        "domains.png",
        "sources.png",
        "difficulty.png",
    ):
        if (root / name).is_file():
            files[name] = root / name
    for path in sorted(root.glob("train/shard-*.arrow")) + sorted(
        root.glob("eval/*/shard-*.arrow")
    ):
        files[path.relative_to(root).as_posix()] = path
    return files


def make_server(root: Path, host: str = "127.0.0.1", port: int = 0) -> ThreadingHTTPServer:
    root = root.resolve()

    class Handler(BaseHTTPRequestHandler):
        server_version = "prorl-data"

        def log_message(self, format: str, *args: object) -> None:  # quiet by default
            pass

        def _send_error(self, status: HTTPStatus, message: str) -> None:
            body = json.dumps({"error": message}).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def _serve(self) -> None:
            rel = unquote(urlsplit(self.path).path).lstrip("/")
            path = servable_files(root).get(rel)
            if path is None:
                self._send_error(HTTPStatus.NOT_FOUND, f"not found: /{rel}")
                return
            data = path.read_bytes()
            start, end = 0, len(data) - 1
            status = HTTPStatus.OK
            header = self.headers.get("Range")
            if header:
                match = _RANGE.match(header.strip())
                if not match or (not match.group(1) and not match.group(2)):
                    self._send_error(HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "bad Range header")
                    return
                if match.group(1):
                    start = int(match.group(1))
                    end = (
                        min(int(match.group(2)), len(data) - 1) if match.group(2) else len(data) - 1
                    )
                else:  # suffix range: the last N bytes
                    start = max(0, len(data) - int(match.group(2)))
                if start > end or start >= len(data):
                    self._send_error(
                        HTTPStatus.REQUESTED_RANGE_NOT_SATISFIABLE, "range outside file"
                    )
                    return
                status = HTTPStatus.PARTIAL_CONTENT
            self.send_response(status)
            self.send_header("Content-Type", _TYPES.get(path.suffix, "application/octet-stream"))
            self.send_header("Accept-Ranges", "bytes")
            self.send_header("Content-Length", str(end - start + 1))
            if status == HTTPStatus.PARTIAL_CONTENT:
                self.send_header("Content-Range", f"bytes {start}-{end}/{len(data)}")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(data[start : end + 1])

        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            self._serve()

        def do_HEAD(self) -> None:  # noqa: N802
            self._serve()

        def _read_only(self) -> None:
            self._send_error(HTTPStatus.METHOD_NOT_ALLOWED, "read-only corpus server")

        do_POST = do_PUT = do_DELETE = do_PATCH = _read_only  # noqa: N815

    return ThreadingHTTPServer((host, port), Handler)

"""A W&B webhook receiver that checks X-Wandb-Signature, with the Python standard library alone.

Run: WANDB_WEBHOOK_SECRET=... python3 receiver.py   (PORT: default 8080; 0 picks a free one)
"""
import base64
import hashlib
import hmac
import json
import os
from http.server import BaseHTTPRequestHandler, HTTPServer

SECRET = os.environ.get("WANDB_WEBHOOK_SECRET", "").encode("utf-8")
if not SECRET:
    raise SystemExit("set WANDB_WEBHOOK_SECRET to the webhook secret")


class Receiver(BaseHTTPRequestHandler):
    def do_POST(self):
        # The exact bytes received: verify them before parsing any JSON.
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        expected = base64.b64encode(hmac.new(SECRET, body, hashlib.sha256).digest())
        given = self.headers.get("X-Wandb-Signature", "").strip().encode("utf-8")
        if not hmac.compare_digest(given, expected):
            return self.answer(401, b"bad signature\n")
        try:
            event = json.loads(body)
        except ValueError:
            return self.answer(400, b"not JSON\n")
        print("verified:", json.dumps(event, ensure_ascii=False), flush=True)
        self.answer(200, b'{"ok":true}', "application/json")

    def answer(self, status, body, content_type="text/plain"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


server = HTTPServer(("127.0.0.1", int(os.environ.get("PORT", "8080"))), Receiver)
print(f"listening on http://127.0.0.1:{server.server_address[1]}/", flush=True)
server.serve_forever()

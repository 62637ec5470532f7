"""A push service of our own, on loopback, for tests: no real one is reachable here.

It plays the browser's push service and the browser at once: it keeps a
subscription's private key and auth secret, receives what Mend pushes, and
decrypts each message (RFC 8291, aes128gcm) exactly as a browser would. It
answers 201 Created, or the status a test asks for (410 Gone, say).
"""

import base64
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import http_ece
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


class PushReceiver:
    def __init__(self):
        self.private_key = ec.generate_private_key(ec.SECP256R1())
        self.auth = os.urandom(16)
        self.received = []  # (headers, decrypted JSON)
        self.answer = 201
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                plain = http_ece.decrypt(
                    body,
                    private_key=receiver.private_key,
                    auth_secret=receiver.auth,
                    version="aes128gcm",
                )
                headers = {k.lower(): v for k, v in self.headers.items()}
                receiver.received.append((headers, json.loads(plain)))
                self.send_response(receiver.answer)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    @property
    def endpoint(self) -> str:
        host, port = self.server.server_address
        return f"http://{host}:{port}/push/device-1"

    @property
    def keys(self) -> dict:
        public = self.private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {"p256dh": b64url(public), "auth": b64url(self.auth)}

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


def vapid_keys() -> tuple[str, str]:
    """A fresh (public, private) VAPID pair, as the settings take them."""
    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    private = key.private_numbers().private_value.to_bytes(32, "big")
    return b64url(public), b64url(private)

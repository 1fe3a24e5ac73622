#!/usr/bin/env python3
"""A seller's whole Pay integration, Python standard library only.

Creates an invoice (step 2), shows the customer where to pay (step 4), receives Pay's
notification (step 6), checks its Pay-Signature, echoes it back with _confirm (6a) and
delivers the order on VERIFIED (6b -> 7).
"""
import hashlib
import hmac
import json
import os
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer

PAY_URL = os.environ.get("PAY_URL", "http://127.0.0.1:8080")
API_KEY = os.environ["PAY_API_KEY"]
SIGNING_SECRET = os.environ["PAY_SIGNING_SECRET"]
PAYOUT_ADDR = os.environ["PAY_PAYOUT_ADDR"]
LISTEN_PORT = int(os.environ.get("LISTEN_PORT", "9000"))
SIGNATURE_TOLERANCE_SECONDS = 300

ORDER = {"sell_order": "book-42", "sell_note": "Grüße & thanks"}
PRICE = 3

verified = threading.Event()
invoice = {}


def post_form(fields):
    """POSTs form fields to Pay's one endpoint and returns the reply's text."""
    body = urllib.parse.urlencode(fields).encode()
    try:
        with urllib.request.urlopen(urllib.request.Request(PAY_URL + "/pay", data=body)) as reply:
            return reply.read().decode()
    except urllib.error.HTTPError as refused:
        sys.exit(f"Pay refused the request: HTTP {refused.code} {refused.read().decode()}")


def signature_is_valid(header, raw_body):
    """Pay-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>."""
    entries = [entry.split("=", 1) for entry in (header or "").split(",") if "=" in entry]
    timestamps = [value for name, value in entries if name == "t"]
    if len(timestamps) != 1 or not timestamps[0].isdigit():
        return False
    # A stale timestamp means a captured notification is being replayed at us.
    if abs(time.time() - int(timestamps[0])) > SIGNATURE_TOLERANCE_SECONDS:
        return False
    signed = timestamps[0].encode() + b"." + raw_body
    expected = hmac.new(SIGNING_SECRET.encode(), signed, hashlib.sha256).hexdigest()
    # compare_digest takes the same time wherever the strings differ, so the signature cannot be guessed byte by byte.
    return any(hmac.compare_digest(expected, value) for name, value in entries if name == "v1")


class Notifications(BaseHTTPRequestHandler):
    def do_POST(self):
        # The signature covers the bytes Pay sent: verify them before any parsing or decoding.
        raw_body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        if not signature_is_valid(self.headers.get("Pay-Signature"), raw_body):
            print("Refused a notification with a missing or bad Pay-Signature", flush=True)
            self.send_response(400)
            self.end_headers()
            return
        fields = urllib.parse.parse_qsl(raw_body.decode(), keep_blank_values=True)
        notification = dict(fields)
        print(f"Notification for {notification['txn_id']}: {notification['status']}, "
              f"{notification['amount']} BLC from {notification['from']}", flush=True)
        if notification["txn_id"] == invoice["txn_id"] and notification["status"] in ("paid", "overpaid"):
            # Echoing every field back lets Pay confirm the notification is genuine and unchanged; a
            # verified echo is also what releases the coins to payout_addr.
            verdict = post_form(fields + [("_confirm", "1")])
            if verdict == "VERIFIED":
                # Step 7: mark the order paid (once per notification_id: deliveries can repeat).
                print(f"VERIFIED: order {notification['sell_order']} is paid, shipping it", flush=True)
                verified.set()
            else:
                print(f"Pay answered {verdict}: not shipping", flush=True)
        # Any 2xx tells Pay the notification arrived; anything else makes it try again later.
        self.send_response(200)
        self.end_headers()

    def log_message(self, *args):
        pass


def main():
    server = HTTPServer(("127.0.0.1", LISTEN_PORT), Notifications)
    threading.Thread(target=server.serve_forever, daemon=True).start()

    reply = post_form({"price": PRICE, "api_key": API_KEY, "payout_addr": PAYOUT_ADDR,
                       "listen_url": f"http://127.0.0.1:{LISTEN_PORT}/ipn", **ORDER})
    invoice.update(json.loads(reply))
    print(f"Invoice {invoice['txn_id']}: pay {invoice['price']} BLC to {invoice['address']} "
          f"before {invoice['expires_at']}", flush=True)

    verified.wait()
    server.shutdown()  # returns once the notification being handled has had its 200
    return 0


if __name__ == "__main__":
    sys.exit(main())

// A seller's whole Pay integration, Node 20 standard library only (http, crypto, fetch).
//
// Creates an invoice (step 2), shows the customer where to pay (step 4), receives Pay's
// notification (step 6), checks its Pay-Signature, echoes it back with _confirm (6a) and
// delivers the order on VERIFIED (6b -> 7).
import { createHmac, timingSafeEqual } from "node:crypto";
import { createServer } from "node:http";

const PAY_URL = process.env.PAY_URL ?? "http://127.0.0.1:8080";
const API_KEY = process.env.PAY_API_KEY;
const SIGNING_SECRET = process.env.PAY_SIGNING_SECRET;
const PAYOUT_ADDR = process.env.PAY_PAYOUT_ADDR;
const LISTEN_PORT = Number(process.env.LISTEN_PORT ?? 9000);
const SIGNATURE_TOLERANCE_SECONDS = 300;

const ORDER = { sell_order: "book-42", sell_note: "Grüße & thanks" };
const PRICE = 3;

async function postForm(fields) {
  const reply = await fetch(`${PAY_URL}/pay`, { method: "POST", body: new URLSearchParams(fields) });
  const text = await reply.text();
  if (!reply.ok) throw new Error(`Pay refused the request: HTTP ${reply.status} ${text}`);
  return text;
}

// Pay-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>.
function signatureIsValid(header, rawBody) {
  const entries = (header ?? "").split(",").map((entry) => entry.split("="));
  const timestamps = entries.filter(([name]) => name === "t").map(([, value]) => value);
  if (timestamps.length !== 1 || !/^\d+$/.test(timestamps[0])) return false;
  // A stale timestamp means a captured notification is being replayed at us.
  if (Math.abs(Date.now() / 1000 - Number(timestamps[0])) > SIGNATURE_TOLERANCE_SECONDS) return false;
  const expected = createHmac("sha256", SIGNING_SECRET)
    .update(`${timestamps[0]}.`).update(rawBody).digest("hex");
  // timingSafeEqual takes the same time wherever the bytes differ, so the signature cannot be guessed byte by byte.
  return entries.some(([name, value]) => name === "v1" && value?.length === expected.length
    && timingSafeEqual(Buffer.from(value), Buffer.from(expected)));
}

let invoice;

const server = createServer(async (request, response) => {
  // The signature covers the bytes Pay sent: keep them raw until they are verified.
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  const rawBody = Buffer.concat(chunks);
  if (!signatureIsValid(request.headers["pay-signature"], rawBody)) {
    console.log("Refused a notification with a missing or bad Pay-Signature");
    response.writeHead(400).end();
    return;
  }
  const fields = new URLSearchParams(rawBody.toString());
  const notification = Object.fromEntries(fields);
  console.log(`Notification for ${notification.txn_id}: ${notification.status}, `
    + `${notification.amount} BLC from ${notification.from}`);
  let shipped = false;
  if (notification.txn_id === invoice?.txn_id && ["paid", "overpaid"].includes(notification.status)) {
    // Echoing every field back lets Pay confirm the notification is genuine and unchanged; a verified
    // echo is also what releases the coins to payout_addr.
    fields.append("_confirm", "1");
    const verdict = await postForm(fields);
    if (verdict === "VERIFIED") {
      // Step 7: mark the order paid (once per notification_id: deliveries can repeat).
      console.log(`VERIFIED: order ${notification.sell_order} is paid, shipping it`);
      shipped = true;
    } else {
      console.log(`Pay answered ${verdict}: not shipping`);
    }
  }
  // Any 2xx tells Pay the notification arrived; anything else makes it try again later.
  response.writeHead(200, shipped ? { Connection: "close" } : {}).end();
  if (shipped) server.close(); // the process ends once this answer has gone out
});

server.listen(LISTEN_PORT, "127.0.0.1", async () => {
  const reply = await postForm({
    price: PRICE, api_key: API_KEY, payout_addr: PAYOUT_ADDR,
    listen_url: `http://127.0.0.1:${LISTEN_PORT}/ipn`, ...ORDER,
  });
  invoice = JSON.parse(reply);
  console.log(`Invoice ${invoice.txn_id}: pay ${invoice.price} BLC to ${invoice.address} before ${invoice.expires_at}`);
});

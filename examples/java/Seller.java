// A seller's whole Pay integration, JDK only (com.sun.net.httpserver, java.net.http, javax.crypto).
// Run it straight from source: java Seller.java
//
// Creates an invoice (step 2), shows the customer where to pay (step 4), receives Pay's
// notification (step 6), checks its Pay-Signature, echoes it back with _confirm (6a) and
// delivers the order on VERIFIED (6b -> 7).

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

public class Seller {
    static final String PAY_URL = System.getenv().getOrDefault("PAY_URL", "http://127.0.0.1:8080");
    static final String API_KEY = System.getenv("PAY_API_KEY");
    static final String SIGNING_SECRET = System.getenv("PAY_SIGNING_SECRET");
    static final String PAYOUT_ADDR = System.getenv("PAY_PAYOUT_ADDR");
    static final int LISTEN_PORT = Integer.parseInt(System.getenv().getOrDefault("LISTEN_PORT", "9000"));
    static final long SIGNATURE_TOLERANCE_SECONDS = 300;
    static final long PRICE = 3;

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final CountDownLatch VERIFIED = new CountDownLatch(1);
    static volatile String txnId;

    public static void main(String[] args) throws Exception {
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", LISTEN_PORT), 0);
        server.createContext("/ipn", Seller::onNotification);
        server.start();

        Map<String, String> order = new LinkedHashMap<>();
        order.put("price", Long.toString(PRICE));
        order.put("api_key", API_KEY);
        order.put("payout_addr", PAYOUT_ADDR);
        order.put("listen_url", "http://127.0.0.1:" + LISTEN_PORT + "/ipn");
        order.put("sell_order", "book-42");
        order.put("sell_note", "Grüße & thanks");
        String reply = postForm(order);
        // A real shop would use its JSON library here; the JDK has none, and the reply's values need no unescaping.
        txnId = jsonValue(reply, "txn_id");
        System.out.printf("Invoice %s: pay %s BLC to %s before %s%n", txnId, jsonValue(reply, "price"),
                jsonValue(reply, "address"), jsonValue(reply, "expires_at"));

        VERIFIED.await();
        server.stop(5); // waits (up to 5 s) for the notification being handled to get its 200
    }

    static void onNotification(HttpExchange exchange) throws IOException {
        // The signature covers the bytes Pay sent: keep them raw until they are verified.
        String rawBody = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        if (!signatureIsValid(exchange.getRequestHeaders().getFirst("Pay-Signature"), rawBody)) {
            System.out.println("Refused a notification with a missing or bad Pay-Signature");
            exchange.sendResponseHeaders(400, -1);
            exchange.close();
            return;
        }
        Map<String, String> fields = decodeForm(rawBody);
        System.out.printf("Notification for %s: %s, %s BLC from %s%n",
                fields.get("txn_id"), fields.get("status"), fields.get("amount"), fields.get("from"));
        boolean shipped = false;
        if (fields.get("txn_id").equals(txnId) && Set.of("paid", "overpaid").contains(fields.get("status"))) {
            // Echoing every field back lets Pay confirm the notification is genuine and unchanged; a verified
            // echo is also what releases the coins to payout_addr.
            Map<String, String> echo = new LinkedHashMap<>(fields);
            echo.put("_confirm", "1");
            String verdict = postForm(echo);
            if (verdict.equals("VERIFIED")) {
                // Step 7: mark the order paid (once per notification_id: deliveries can repeat).
                System.out.printf("VERIFIED: order %s is paid, shipping it%n", fields.get("sell_order"));
                shipped = true;
            } else {
                System.out.printf("Pay answered %s: not shipping%n", verdict);
            }
        }
        // Any 2xx tells Pay the notification arrived; anything else makes it try again later.
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
        if (shipped) {
            VERIFIED.countDown();
        }
    }

    /** Pay-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>. */
    static boolean signatureIsValid(String header, String rawBody) {
        if (header == null) {
            return false;
        }
        String timestamp = null;
        List<String> signatures = new ArrayList<>();
        for (String entry : header.split(",")) {
            String[] nameAndValue = entry.split("=", 2);
            if (nameAndValue.length == 2 && nameAndValue[0].equals("t") && timestamp == null) {
                timestamp = nameAndValue[1];
            } else if (nameAndValue.length == 2 && nameAndValue[0].equals("v1")) {
                signatures.add(nameAndValue[1]);
            }
        }
        if (timestamp == null || !timestamp.matches("[0-9]{1,18}")) {
            return false;
        }
        // A stale timestamp means a captured notification is being replayed at us.
        if (Math.abs(System.currentTimeMillis() / 1000 - Long.parseLong(timestamp)) > SIGNATURE_TOLERANCE_SECONDS) {
            return false;
        }
        byte[] expected;
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(SIGNING_SECRET.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            expected = HexFormat.of().formatHex(hmac.doFinal((timestamp + "." + rawBody).getBytes(StandardCharsets.UTF_8)))
                    .getBytes(StandardCharsets.US_ASCII);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        // MessageDigest.isEqual takes the same time wherever the bytes differ, so the signature cannot be guessed.
        return signatures.stream().anyMatch(s -> MessageDigest.isEqual(expected, s.getBytes(StandardCharsets.US_ASCII)));
    }

    static String postForm(Map<String, String> fields) throws IOException {
        String form = fields.entrySet().stream()
                .map(f -> URLEncoder.encode(f.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(f.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest request = HttpRequest.newBuilder(URI.create(PAY_URL + "/pay"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form)).build();
        HttpResponse<String> reply;
        try {
            reply = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        if (reply.statusCode() >= 300) {
            throw new IOException("Pay refused the request: HTTP " + reply.statusCode() + " " + reply.body());
        }
        return reply.body();
    }

    static Map<String, String> decodeForm(String form) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : form.split("&")) {
            String[] nameAndValue = pair.split("=", 2);
            fields.put(URLDecoder.decode(nameAndValue[0], StandardCharsets.UTF_8),
                    nameAndValue.length == 2 ? URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8) : "");
        }
        return fields;
    }

    static String jsonValue(String json, String name) {
        Matcher value = Pattern.compile("\"" + name + "\":\"?([^\",}]*)").matcher(json);
        if (!value.find()) {
            throw new IllegalStateException("no " + name + " in " + json);
        }
        return value.group(1);
    }
}

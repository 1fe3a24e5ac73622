package pay.app;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import pay.crypto.NotificationSignature;

/**
 * A seller's listen_url for tests: a real HTTP server that answers with scripted statuses (200 once
 * the script runs out) and records every notification it receives.
 */
public final class SellerServer implements AutoCloseable {

    /** One POST received: its decoded form fields, in order, the raw body and its Pay-Signature header. */
    public record Received(Map<String, String> fields, String rawBody, String contentType, String signature) {
        /** What a seller posts back at step 6a: every field as received, and {@code _confirm}. */
        public Map<String, String> echo() {
            Map<String, String> echo = new LinkedHashMap<>(fields);
            echo.put("_confirm", "1");
            return echo;
        }
    }

    private final HttpServer server;
    private final Deque<Integer> scriptedStatuses = new ArrayDeque<>();
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private volatile Consumer<Received> onReceive = r -> { };

    public SellerServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ipn", exchange -> {
            String body;
            try (InputStream in = exchange.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Received r = new Received(decode(body), body, exchange.getRequestHeaders().getFirst("Content-Type"),
                    exchange.getRequestHeaders().getFirst(NotificationSignature.HEADER));
            received.add(r);
            onReceive.accept(r);
            int status;
            synchronized (scriptedStatuses) {
                status = scriptedStatuses.isEmpty() ? 200 : scriptedStatuses.poll();
            }
            byte[] reply = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        });
        server.start();
    }

    public String listenUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/ipn";
    }

    /** The next notifications get these statuses, in order. */
    public void answer(Integer... statuses) {
        synchronized (scriptedStatuses) {
            scriptedStatuses.addAll(List.of(statuses));
        }
    }

    /** Runs for every notification, before the answer is sent (as a PayPal-style listener echoes first). */
    public void onReceive(Consumer<Received> action) {
        onReceive = action;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    public static Map<String, String> decode(String form) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (form.isEmpty()) {
            return fields;
        }
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            fields.put(URLDecoder.decode(name, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
        return fields;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}

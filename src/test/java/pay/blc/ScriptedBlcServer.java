package pay.blc;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A real local TCP server that answers every connection the way a test scripts it, and records the requests it
 * read. For the client's behaviour against servers that misbehave; the real BLC server covers the rest.
 */
final class ScriptedBlcServer implements AutoCloseable {
    /** What the server does with one connection after reading the request. */
    @FunctionalInterface
    interface Script {
        void answer(Socket connection, ScheduledExecutorService scheduler) throws IOException;
    }

    private final ServerSocket listener;
    private final Script script;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final List<JsonNode> requests = new CopyOnWriteArrayList<>();
    private final Thread acceptor;

    private ScriptedBlcServer(Script script) throws IOException {
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.script = script;
        this.acceptor = new Thread(this::acceptLoop, "scripted-blc-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    static ScriptedBlcServer start(Script script) throws IOException {
        return new ScriptedBlcServer(script);
    }

    /** Writes {@code reply} in one write, then closes, like the reference server. */
    static ScriptedBlcServer replying(String reply) throws IOException {
        return replying(reply.getBytes(StandardCharsets.UTF_8));
    }

    static ScriptedBlcServer replying(byte[] reply) throws IOException {
        return start((connection, scheduler) -> {
            write(connection, reply);
            connection.close();
        });
    }

    /** Writes {@code reply} and keeps the connection open. */
    static ScriptedBlcServer replyingWithoutClosing(String reply) throws IOException {
        return start((connection, scheduler) -> write(connection, reply.getBytes(StandardCharsets.UTF_8)));
    }

    /** Reads the request and never answers. */
    static ScriptedBlcServer silent() throws IOException {
        return start((connection, scheduler) -> { });
    }

    /** Sends {@code reply} one byte per {@code interval}, then closes. */
    static ScriptedBlcServer trickling(String reply, Duration interval) throws IOException {
        byte[] bytes = reply.getBytes(StandardCharsets.UTF_8);
        return start((connection, scheduler) -> {
            OutputStream out = connection.getOutputStream();
            for (int i = 0; i <= bytes.length; i++) {
                int index = i;
                scheduler.schedule(() -> {
                    try {
                        if (index < bytes.length) {
                            out.write(bytes[index]);
                            out.flush();
                        } else {
                            connection.close();
                        }
                    } catch (IOException clientGone) {
                        // The client gave up first, which is what the test expects.
                    }
                }, interval.toMillis() * (i + 1), TimeUnit.MILLISECONDS);
            }
        });
    }

    static void write(Socket connection, byte[] bytes) throws IOException {
        OutputStream out = connection.getOutputStream();
        out.write(bytes);
        out.flush();
    }

    int port() {
        return listener.getLocalPort();
    }

    BlcClient client(Duration readTimeout) {
        return new BlcClient("127.0.0.1", port(), Duration.ofSeconds(5), readTimeout);
    }

    /** The requests read so far. */
    List<JsonNode> requests() {
        return List.copyOf(requests);
    }

    private void acceptLoop() {
        while (!listener.isClosed()) {
            Socket connection;
            try {
                connection = listener.accept();
            } catch (IOException closedOrBroken) {
                return;
            }
            connections.add(connection);
            try {
                JsonNode request = readRequest(connection);
                if (request != null) {
                    requests.add(request);
                }
                script.answer(connection, scheduler);
            } catch (IOException clientGone) {
                // The client gave up on this connection; serve the next one.
            }
        }
    }

    /** Reads exactly one JSON value, as a client sends it: no delimiter, no half-close. */
    private static JsonNode readRequest(Socket connection) throws IOException {
        JsonParser parser = BlcReplies.JSON.createParser(connection.getInputStream());
        return BlcReplies.JSON.readTree(parser);
    }

    @Override
    public void close() throws IOException {
        listener.close();
        scheduler.shutdownNow();
        for (Socket connection : connections) {
            connection.close();
        }
    }
}

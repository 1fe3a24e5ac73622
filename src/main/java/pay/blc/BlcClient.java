package pay.blc;

import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Talks to one BLC server. Each call opens a connection, writes the whole request in one write, reads one
 * reply and closes the connection, whatever happens. Immutable and thread-safe.
 *
 * <p>Every call either returns the server's answer or throws a {@link BlcException}: a
 * {@link BlcRefusedException} when the server said no, a {@link BlcUnavailableException} for everything else.
 * Passwords are sent to the server and nowhere else: no exception message carries one.
 */
public final class BlcClient {
    /** The port of the reference server, used when {@link #parse} gets no port. */
    public static final int DEFAULT_PORT = 3122;
    /** Default cap on a {@code transactions} reply, the one reply the protocol lets grow. */
    public static final int DEFAULT_MAX_TRANSACTIONS_REPLY_BYTES = 16 * 1024 * 1024;

    private final String host;
    private final int port;
    private final int connectTimeoutMillis;
    private final Duration readTimeout;
    private final int maxTransactionsReplyBytes;

    /**
     * @param readTimeout how long the whole reply may take, counted from the moment the request is written
     */
    public BlcClient(String host, int port, Duration connectTimeout, Duration readTimeout) {
        this(host, port, connectTimeout, readTimeout, DEFAULT_MAX_TRANSACTIONS_REPLY_BYTES);
    }

    public BlcClient(String host, int port, Duration connectTimeout, Duration readTimeout, int maxTransactionsReplyBytes) {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("BLC server host is empty");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("BLC server port " + port + " is not between 1 and 65535");
        }
        this.host = host;
        this.port = port;
        this.connectTimeoutMillis = positiveMillis(connectTimeout, "connect timeout");
        this.readTimeout = Duration.ofMillis(positiveMillis(readTimeout, "read timeout"));
        if (maxTransactionsReplyBytes < BlcReplies.MAX_REPLY_BYTES) {
            throw new IllegalArgumentException("transactions reply cap must be at least " + BlcReplies.MAX_REPLY_BYTES + " bytes");
        }
        this.maxTransactionsReplyBytes = maxTransactionsReplyBytes;
    }

    /** A client for {@code host:port} ({@code [v6-address]:port} for IPv6); the port defaults to {@value #DEFAULT_PORT}. */
    public static BlcClient parse(String hostPort, Duration connectTimeout, Duration readTimeout) {
        URI uri;
        try {
            uri = new URI("blc://" + Objects.requireNonNull(hostPort, "hostPort").strip());
        } catch (URISyntaxException e) {
            throw notHostPort(hostPort);
        }
        if (uri.getHost() == null || uri.getRawUserInfo() != null || !uri.getRawPath().isEmpty()
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw notHostPort(hostPort);
        }
        return new BlcClient(uri.getHost(), uri.getPort() == -1 ? DEFAULT_PORT : uri.getPort(), connectTimeout, readTimeout);
    }

    private static IllegalArgumentException notHostPort(String hostPort) {
        return new IllegalArgumentException("BLC server must be given as host:port, not \"" + hostPort + "\"");
    }

    /** {@code host:port}, for logs and banners. */
    public String endpoint() {
        return (host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host) + ":" + port;
    }

    @Override
    public String toString() {
        return "BlcClient[" + endpoint() + "]";
    }

    /** Registers {@code addr} (40 characters) with password {@code pwd}. */
    public void register(String addr, String pwd) {
        call(request("register").put("addr", addr).put("pwd", pwd), payload -> BlcReplies.text(payload, "addr"));
    }

    /** The balance of any address; an unregistered one has 0. */
    public long checkAddr(String addr) {
        return call(request("check_addr").put("addr", addr), BlcReplies::amount);
    }

    public long myCoins(String addr, String pwd) {
        return call(request("my_coins").put("addr", addr).put("pwd", pwd), BlcReplies::amount);
    }

    /** Transfers received by {@code addr}, then those it sent, each in the server's order. */
    public List<BlcTransfer> transactions(String addr, String pwd) {
        return exchange(request("transactions").put("addr", addr).put("pwd", pwd), maxTransactionsReplyBytes, true,
                BlcReplies::transfers);
    }

    /** Moves {@code amount} coins from {@code addr} to {@code to}; returns the transfer as the server recorded it. */
    public BlcTransfer sendCoin(String to, long amount, String addr, String pwd) {
        return call(request("send_coin").put("amount", amount).put("to", to).put("addr", addr).put("pwd", pwd),
                BlcReplies::transfer);
    }

    /** The number of leading zeros a mined sha512 hash needs now ({@code get_coin}). */
    public int difficulty() {
        return call(request("get_coin"), BlcReplies::difficulty);
    }

    /** Submits a mined coin: {@code winningHash} is sha512({@code winningString}) in lowercase hex. */
    public void check(String winningString, String winningHash, String addr) {
        call(request("check").put("winning_string", winningString).put("winning_hash", winningHash).put("addr", addr),
                payload -> BlcReplies.text(payload, "hash"));
    }

    /** All coins ever mined. */
    public long totalCoins() {
        return call(request("total_coins"), BlcReplies::amount);
    }

    private static ObjectNode request(String command) {
        return BlcJson.object().put("cmd", command);
    }

    /** An ordinary call: the reply is one JSON object of at most 1 KiB. */
    private <T> T call(ObjectNode request, BlcReplies.PayloadReader<T> reader) {
        return exchange(request, BlcReplies.MAX_REPLY_BYTES, false, reader);
    }

    private <T> T exchange(ObjectNode request, int maxReplyBytes, boolean untilClose, BlcReplies.PayloadReader<T> reader) {
        String command = request.get("cmd").textValue();
        byte[] bytes = encode(command, request);
        Socket socket = new Socket();
        try {
            try {
                socket.connect(new InetSocketAddress(host, port), connectTimeoutMillis);
            } catch (SocketTimeoutException e) {
                throw new BlcUnavailableException(command, "connect timed out after " + connectTimeoutMillis + " ms", false, e);
            } catch (UnknownHostException e) {
                throw new BlcUnavailableException(command, "unknown host " + host, false, e);
            } catch (IOException e) {
                throw new BlcUnavailableException(command, "cannot connect: " + describe(e), false, e);
            }
            ReplyInput reply;
            try {
                OutputStream out = socket.getOutputStream();
                out.write(bytes);
                out.flush();
                reply = new ReplyInput(socket, readTimeout);
            } catch (IOException e) {
                // Part of the request may have left: the server might still act on it.
                throw new BlcUnavailableException(command, "sending the request failed: " + describe(e), true, e);
            }
            return BlcReplies.parse(command, reply, maxReplyBytes, untilClose, reader);
        } finally {
            closeAfterCall(socket);
        }
    }

    private static byte[] encode(String command, ObjectNode request) {
        for (var field : request.properties()) {
            if (field.getValue().isNull()) {
                throw new IllegalArgumentException(command + ": \"" + field.getKey() + "\" is null");
            }
        }
        // Exactly what the Python clients sent: json.dumps, ASCII only.
        byte[] bytes = BlcJson.toPythonJsonBytes(request);
        // The reference server reads a request with one recv(1024) and cuts anything longer.
        if (bytes.length > BlcJson.MAX_REQUEST_BYTES) {
            throw new IllegalArgumentException(command + " request is " + bytes.length
                    + " bytes; BLC servers read at most " + BlcJson.MAX_REQUEST_BYTES);
        }
        return bytes;
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The call's outcome is settled before this runs; a socket that fails to close cannot change it. */
    private static void closeAfterCall(Socket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // Nothing to do: the operating system reclaims the descriptor either way.
        }
    }

    private static int positiveMillis(Duration timeout, String name) {
        if (timeout == null || timeout.isNegative() || timeout.isZero() || timeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) > 0) {
            throw new IllegalArgumentException(name + " must be between 1 ms and " + Integer.MAX_VALUE + " ms");
        }
        return (int) Math.max(1, timeout.toMillis());
    }

    /**
     * The socket's input with one time budget for the whole reply: a server that trickles bytes cannot keep a
     * caller waiting past the read timeout, as a per-read timeout alone would allow.
     */
    private static final class ReplyInput extends InputStream {
        private final Socket socket;
        private final InputStream in;
        private final Duration budget;
        private final long deadlineNanos;

        ReplyInput(Socket socket, Duration budget) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.budget = budget;
            this.deadlineNanos = System.nanoTime() + budget.toNanos();
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            long remainingNanos = deadlineNanos - System.nanoTime();
            if (remainingNanos <= 0) {
                throw timedOut(null);
            }
            // At least 1 ms: a socket timeout of 0 would mean "wait forever".
            socket.setSoTimeout((int) Math.max(1, Math.min(TimeUnit.NANOSECONDS.toMillis(remainingNanos), Integer.MAX_VALUE)));
            try {
                return in.read(buffer, offset, length);
            } catch (SocketTimeoutException e) {
                throw timedOut(e);
            }
        }

        private SocketTimeoutException timedOut(SocketTimeoutException cause) {
            SocketTimeoutException timeout = new SocketTimeoutException("no complete reply within " + budget.toMillis() + " ms");
            timeout.initCause(cause);
            return timeout;
        }
    }
}

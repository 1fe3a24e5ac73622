package pay.blc.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Talks to a BLC server the way the original Python clients did: connect, send the whole request with one
 * {@code send}, then either one {@code recv(1024)} or (for {@code transactions}) {@code recv} until the
 * server closes. No half-close, no delimiter.
 */
public final class PythonStyleClient {

    /** Bounds every blocking read: a server that neither answers nor closes fails the test instead of hanging it. */
    static final int READ_TIMEOUT_MILLIS = 5_000;

    private final int port;

    public PythonStyleClient(int port) {
        this.port = port;
    }

    /** One send, one recv(1024); "" if the server closed without a reply. */
    public String send(String request) {
        return ascii(sendBytes(request.getBytes(StandardCharsets.UTF_8)));
    }

    byte[] sendBytes(byte[] request) {
        try (Socket socket = connect()) {
            socket.getOutputStream().write(request);
            byte[] buffer = new byte[1024];
            int read = socket.getInputStream().read(buffer);
            return read < 0 ? new byte[0] : Arrays.copyOf(buffer, read);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One send, then recv until the server closes, as the official client reads {@code transactions}. */
    public String sendAndReadUntilClose(String request) {
        return sendPartsAndReadUntilClose(request.getBytes(StandardCharsets.UTF_8));
    }

    /** Each part is written with its own send; then recv until close. */
    String sendPartsAndReadUntilClose(byte[]... parts) {
        try (Socket socket = connect()) {
            for (byte[] part : parts) {
                socket.getOutputStream().write(part);
                socket.getOutputStream().flush();
            }
            return ascii(readUntilClose(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Connects and sends nothing at all; returns what arrived before the server closed. */
    String stayQuietUntilClosed() {
        try (Socket socket = connect()) {
            return ascii(readUntilClose(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Socket connect() throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(READ_TIMEOUT_MILLIS);
        socket.connect(new InetSocketAddress("127.0.0.1", port), READ_TIMEOUT_MILLIS);
        return socket;
    }

    private static byte[] readUntilClose(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[1024];
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
            all.write(buffer, 0, read);
        }
        return all.toByteArray();
    }

    /** Latin-1 keeps each byte as one char, so a stray non-ASCII byte in a reply fails an exact comparison. */
    private static String ascii(byte[] bytes) {
        return new String(bytes, StandardCharsets.ISO_8859_1);
    }
}

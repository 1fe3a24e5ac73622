package pay.blc.server;

import io.vertx.core.AsyncResult;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import pay.blc.BlcJson;

import java.time.Duration;
import java.util.Arrays;

/**
 * One client connection: collect one request, have it answered off the event loop, write the reply in one
 * write, close. Every method runs on the connection's event loop, so the fields need no locking.
 *
 * <p>Framing. The reference server answers whatever its single {@code recv(1024)} returned. This server
 * collects bytes until they form one complete JSON value (or can never become one), or until 1024 bytes
 * are in, whichever comes first, and answers exactly those bytes: a request longer than 1024 bytes is cut
 * at 1024 and then fails to parse, as on the reference. A request that arrives in several TCP segments is
 * waited for instead of being cut, up to {@link #REQUEST_COMPLETION_GRACE} after its first byte; then
 * whatever came is answered (a parse error echoing it). Bytes after the request are read and dropped, so
 * closing never resets the connection under a reply in flight.
 *
 * <p>Timeouts. A connection that sends nothing for the idle timeout is closed without a reply (the
 * reference waited forever, one thread per such client). Once the first byte is in, only the grace applies.
 */
final class BlcConnection {

    /** How long a request that started arriving may take to complete, at most the idle timeout. */
    static final Duration REQUEST_COMPLETION_GRACE = Duration.ofSeconds(1);

    private static final Logger LOG = LoggerFactory.getLogger(BlcConnection.class);
    private static final long NO_TIMER = -1;

    private final Vertx vertx;
    private final NetSocket socket;
    private final WorkerExecutor ledgerWorkers;
    private final BlcRequestHandler handler;
    private final Duration idleTimeout;
    private final byte[] received = new byte[BlcJson.MAX_REQUEST_BYTES];
    private int receivedLength;
    private boolean requestTaken;
    private long timer = NO_TIMER;

    BlcConnection(Vertx vertx, NetSocket socket, WorkerExecutor ledgerWorkers, BlcRequestHandler handler,
                  Duration idleTimeout) {
        this.vertx = vertx;
        this.socket = socket;
        this.ledgerWorkers = ledgerWorkers;
        this.handler = handler;
        this.idleTimeout = idleTimeout;
    }

    void start() {
        socket.closeHandler(closed -> cancelTimer());
        socket.exceptionHandler(this::onSocketFailure);
        socket.endHandler(end -> onClientFinished());
        socket.handler(this::onBytes);
        timer = vertx.setTimer(idleTimeout.toMillis(), fired -> {
            timer = NO_TIMER;
            LOG.debug("{} sent nothing for {}: closed without a reply", socket.remoteAddress(), idleTimeout);
            socket.close();
        });
    }

    private void onBytes(Buffer chunk) {
        if (requestTaken) {
            return;
        }
        boolean firstBytes = receivedLength == 0;
        int taken = Math.min(chunk.length(), received.length - receivedLength);
        chunk.getBytes(0, taken, received, receivedLength);
        receivedLength += taken;
        if (receivedLength == received.length || BlcJson.isCompleteRequest(received, receivedLength)) {
            takeRequest();
        } else if (firstBytes && receivedLength > 0) {
            cancelTimer();
            Duration grace = REQUEST_COMPLETION_GRACE.compareTo(idleTimeout) < 0 ? REQUEST_COMPLETION_GRACE
                    : idleTimeout;
            timer = vertx.setTimer(grace.toMillis(), fired -> {
                timer = NO_TIMER;
                takeRequest();
            });
        }
    }

    /** The client half-closed: what it sent is all there will be (the reference ignored empty requests). */
    private void onClientFinished() {
        if (requestTaken) {
            return;
        }
        if (receivedLength == 0) {
            cancelTimer();
            socket.close();
        } else {
            takeRequest();
        }
    }

    private void takeRequest() {
        requestTaken = true;
        cancelTimer();
        byte[] request = Arrays.copyOf(received, receivedLength);
        long startNanos = System.nanoTime();
        ledgerWorkers.<Answer>executeBlocking(() -> Answer.of(handler.handle(request)), false)
                .onComplete(result -> answer(result, startNanos));
    }

    /** The outcome and, if there is a reply, its bytes, encoded on the worker rather than the event loop. */
    private record Answer(BlcRequestHandler.Outcome outcome, byte[] replyBytes) {
        static Answer of(BlcRequestHandler.Outcome outcome) {
            return new Answer(outcome, outcome.reply().map(BlcJson::toPythonJsonBytes).orElse(null));
        }
    }

    private void answer(AsyncResult<Answer> result, long startNanos) {
        if (result.failed()) {
            LOG.warn("{} request failed, closed without a reply", socket.remoteAddress(), result.cause());
            socket.close();
            return;
        }
        Answer answer = result.result();
        if (answer.replyBytes() == null) {
            socket.close();
        } else {
            socket.end(Buffer.buffer(answer.replyBytes()));
        }
        if (LOG.isDebugEnabled()) {
            // The command and the reply's message only: requests carry passwords, parse-error payloads echo them.
            String command = answer.outcome().command() == null ? "-" : answer.outcome().command();
            String summary = answer.outcome().reply()
                    .map(reply -> reply.get("success").booleanValue() ? "success" : reply.get("message").textValue())
                    .orElse("closed without a reply");
            LOG.debug("{} {} -> {} ({} µs)", socket.remoteAddress(), command, summary,
                    (System.nanoTime() - startNanos) / 1_000);
        }
    }

    private void onSocketFailure(Throwable failure) {
        LOG.debug("{} connection failed: {}", socket.remoteAddress(), failure.toString());
        cancelTimer();
        socket.close();
    }

    private void cancelTimer() {
        if (timer != NO_TIMER) {
            vertx.cancelTimer(timer);
            timer = NO_TIMER;
        }
    }
}

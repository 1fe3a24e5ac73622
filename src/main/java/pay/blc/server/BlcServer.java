package pay.blc.server;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.file.FileSystemOptions;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetServerOptions;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.UncheckedIOException;
import java.net.BindException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A BlooCoin server that speaks the reference server's protocol byte for byte (see planning/blc-server.md).
 *
 * <p>Threads. One Vert.x event loop accepts and reads every connection, so thousands of idle or slow
 * clients cost buffers and timers, not threads. Ledger work (JDBC, blocking) runs on a small fixed pool of
 * worker threads; changes are then serialised on the ledger's single writer. The pool bounds how many
 * requests touch SQLite at once; requests beyond it queue, their connections stay cheap on the event loop.
 */
public final class BlcServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BlcServer.class);

    /** Worker threads and reader connections: SQLite reads scale a little with cores, writes not at all. */
    private static final int LEDGER_WORKERS = 4;
    private static final int ACCEPT_BACKLOG = 1024;
    private static final long LIFECYCLE_TIMEOUT_SECONDS = 30;

    private final Vertx vertx;
    private final NetServer netServer;
    private final BlcLedger ledger;
    private final AtomicBoolean closed = new AtomicBoolean();

    private BlcServer(Vertx vertx, NetServer netServer, BlcLedger ledger) {
        this.vertx = vertx;
        this.netServer = netServer;
        this.ledger = ledger;
    }

    /**
     * Opens (or creates) the ledger and listens. Returns once the port is bound.
     *
     * @throws UncheckedIOException with a {@link BindException} cause if the address or port cannot be bound
     */
    public static BlcServer start(BlcServerSettings settings) {
        BlcLedger ledger = BlcLedger.open(settings.ledgerFile(), LEDGER_WORKERS);
        Vertx vertx = Vertx.vertx(new VertxOptions()
                .setEventLoopPoolSize(1)
                .setWorkerPoolSize(1)
                .setFileSystemOptions(new FileSystemOptions()
                        .setFileCachingEnabled(false)
                        .setClassPathResolvingEnabled(false)));
        try {
            WorkerExecutor ledgerWorkers = vertx.createSharedWorkerExecutor("blc-ledger-worker", LEDGER_WORKERS);
            BlcRequestHandler handler = new BlcRequestHandler(ledger, settings.baseDifficulty());
            NetServer netServer = vertx.createNetServer(new NetServerOptions()
                    .setHost(settings.bindAddress())
                    .setPort(settings.port())
                    .setAcceptBacklog(ACCEPT_BACKLOG)
                    .setTcpNoDelay(true));
            netServer.connectHandler(socket ->
                    new BlcConnection(vertx, socket, ledgerWorkers, handler, settings.idleTimeout()).start());
            await(netServer.listen(), "listen");
            BlcServer server = new BlcServer(vertx, netServer, ledger);
            LOG.info("BLC server listening on {}:{}, ledger {}, base difficulty {}", settings.bindAddress(),
                    server.port(), settings.ledgerFile().toAbsolutePath(), settings.baseDifficulty());
            return server;
        } catch (RuntimeException e) {
            closeAfterFailedStart(vertx, ledger, e);
            if (e.getCause() instanceof IOException io) {
                BindException bind = new BindException("BLC server cannot listen on " + settings.bindAddress()
                        + ":" + settings.port() + ": " + io.getMessage());
                bind.initCause(io);
                throw new UncheckedIOException(bind.getMessage(), bind);
            }
            throw e;
        }
    }

    /** The port actually listened on (the ephemeral one when the settings said 0). */
    public int port() {
        return netServer.actualPort();
    }

    /** Stops listening, drops open connections and closes the ledger. Safe to call more than once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            await(netServer.close(), "stop listening");
            await(vertx.close(), "stop the event loop");
        } finally {
            ledger.close();
            LOG.info("BLC server stopped");
        }
    }

    private static void closeAfterFailedStart(Vertx vertx, BlcLedger ledger, RuntimeException failure) {
        try {
            await(vertx.close(), "stop the event loop");
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
        ledger.close();
    }

    private static <T> T await(Future<T> future, String what) {
        try {
            return future.toCompletionStage().toCompletableFuture().get(LIFECYCLE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("BLC server could not " + what + ": " + e.getCause().getMessage(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("BLC server could not " + what + " within "
                    + LIFECYCLE_TIMEOUT_SECONDS + " s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the BLC server tried to " + what, e);
        }
    }
}

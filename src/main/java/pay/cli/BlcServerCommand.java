package pay.cli;

import pay.blc.server.BlcServer;
import pay.blc.server.BlcServerSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** {@code pay blc-server}: runs a BlooCoin server in the foreground until SIGTERM or Ctrl-C. */
@Command(name = "blc-server",
        mixinStandardHelpOptions = true,
        description = "Runs a BlooCoin (BLC) server that speaks the reference server's protocol byte for byte, "
                + "with its ledger in SQLite. Serves until stopped (SIGTERM or Ctrl-C close it cleanly).")
public final class BlcServerCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "N",
            description = "TCP port; 0 picks a free one (default: ${DEFAULT-VALUE}, as the reference).")
    int port = BlcServerSettings.DEFAULT_PORT;

    @Option(names = "--bind", paramLabel = "ADDR",
            description = "Address to listen on (default: ${DEFAULT-VALUE}; the reference listened on 0.0.0.0).")
    String bindAddress = BlcServerSettings.DEFAULT_BIND_ADDRESS;

    @Option(names = "--db", paramLabel = "FILE",
            description = "SQLite ledger file, created with its directory if missing (default: ${DEFAULT-VALUE}).")
    Path ledgerFile = Path.of("data", "blc-ledger.db");

    @Option(names = "--difficulty", paramLabel = "D",
            description = "Base difficulty: difficulty = total_coins // 205000 + D (default: ${DEFAULT-VALUE}, "
                    + "as the reference; 1 or 2 for tests).")
    int baseDifficulty = BlcServerSettings.REFERENCE_BASE_DIFFICULTY;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Close a connection that sends nothing for this long, e.g. 30s, 500ms, 2m or PT30S "
                    + "(default: 30s).")
    Duration idleTimeout = BlcServerSettings.DEFAULT_IDLE_TIMEOUT;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws InterruptedException {
        BlcServer server;
        try {
            server = BlcServer.start(new BlcServerSettings(bindAddress, port, ledgerFile, baseDifficulty, idleTimeout));
        } catch (UncheckedIOException e) {
            spec.commandLine().getErr().println(e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "blc-server-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("BLC server listening on %s:%d (ledger %s, base difficulty %d). Stop with Ctrl-C.%n",
                bindAddress, server.port(), ledgerFile.toAbsolutePath(), baseDifficulty);
        out.flush();
        stopped.await();
        return 0;
    }

    /** Durations as people type them ({@code 30s}, {@code 500ms}, {@code 2m}, {@code 1h}) or ISO-8601. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        private static final Pattern SHORT_FORM = Pattern.compile("(\\d+)\\s*(ms|s|m|h)");

        @Override
        public Duration convert(String value) {
            Matcher shortForm = SHORT_FORM.matcher(value.trim().toLowerCase(Locale.ROOT));
            if (!shortForm.matches()) {
                return Duration.parse(value.trim());
            }
            long amount = Long.parseLong(shortForm.group(1));
            return switch (shortForm.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
    }
}

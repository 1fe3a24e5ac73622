package pay.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pay.blc.server.BlcServer;
import pay.blc.server.BlcServerSettings;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code pay blc-server} in its own JVM, stopped with SIGTERM as an operator would. */
class BlcServerCommandTest {

    private static final Pattern LISTENING = Pattern.compile("BLC server listening on 127\\.0\\.0\\.1:(\\d+) .*");
    private static final String ADDR = "cli-test-".repeat(5).substring(0, 40);

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(Process::destroyForcibly);
    }

    private Process startCommand(String... arguments) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "pay.Pay", "blc-server"));
        command.addAll(List.of(arguments));
        // stderr stays a pipe: at the default log level the server writes a few lines only.
        Process process = new ProcessBuilder(command).start();
        started.add(process);
        return process;
    }

    private static String firstLine(Process process) throws Exception {
        BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        return CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).get(60, TimeUnit.SECONDS);
    }

    @Test
    void servesUntilSigtermThenClosesTheLedgerWithEverythingInIt() throws Exception {
        Path ledger = dir.resolve("cli/ledger.db");
        Process server = startCommand("--port", "0", "--db", ledger.toString(), "--difficulty", "2",
                "--idle-timeout", "5s");

        String announcement = firstLine(server);
        Matcher listening = LISTENING.matcher(announcement);
        assertThat(listening.matches()).as(announcement).isTrue();
        assertThat(announcement).contains(ledger.toAbsolutePath().toString(), "base difficulty 2");
        int port = Integer.parseInt(listening.group(1));
        assertThat(exchange(port, "{\"cmd\": \"get_coin\"}"))
                .isEqualTo("{\"message\": null, \"payload\": {\"difficulty\": 2}, \"success\": true}");
        assertThat(exchange(port, "{\"cmd\": \"register\", \"addr\": \"" + ADDR + "\", \"pwd\": \"pw\"}"))
                .isEqualTo("{\"message\": null, \"payload\": {\"addr\": \"" + ADDR + "\"}, \"success\": true}");

        server.destroy();
        assertThat(server.waitFor(30, TimeUnit.SECONDS)).isTrue();

        try (BlcServer reopened = BlcServer.start(BlcServerSettings.embedded(ledger, 2))) {
            String myCoins = "{\"cmd\": \"my_coins\", \"addr\": \"" + ADDR + "\", \"pwd\": \"pw\"}";
            assertThat(exchange(reopened.port(), myCoins))
                    .isEqualTo("{\"message\": null, \"payload\": {\"amount\": 0}, \"success\": true}");
        }
    }

    @Test
    void aTakenPortIsReportedAndTheCommandFails() throws Exception {
        try (BlcServer occupant = BlcServer.start(BlcServerSettings.embedded(dir.resolve("a.db"), 1))) {
            Process second = startCommand("--port", String.valueOf(occupant.port()), "--db",
                    dir.resolve("b.db").toString());
            assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(second.exitValue()).isEqualTo(1);
            assertThat(new String(second.getErrorStream().readAllBytes(), StandardCharsets.UTF_8))
                    .contains("BLC server cannot listen on 127.0.0.1:" + occupant.port());
        }
    }

    @Test
    void idleTimeoutsAreWrittenAsPeopleWriteThem() {
        BlcServerCommand.DurationConverter converter = new BlcServerCommand.DurationConverter();
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert("30s")).isEqualTo(Duration.ofSeconds(30));
        assertThat(converter.convert("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(converter.convert("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(converter.convert("PT1.5S")).isEqualTo(Duration.ofMillis(1500));
    }

    private static String exchange(int port, String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        }
    }
}

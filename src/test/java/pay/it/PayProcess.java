package pay.it;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The packaged jar ({@code target/pay.jar}) running as its own process, as an admin runs it: the
 * tests start it, talk to it over HTTP and TCP, and stop it gently or kill it with SIGKILL.
 */
final class PayProcess implements AutoCloseable {
    static final Path JAR = Path.of("target/pay.jar").toAbsolutePath();
    /**
     * These processes live seconds and start often: the C1 compiler alone and the serial collector halve
     * the CPU a start costs on a small shared machine, and change nothing Pay does.
     */
    private static final List<String> QUICK_START = List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC");

    private final Process process;
    private final Path log;
    final int httpPort;
    final int blcPort;

    private PayProcess(Process process, Path log, int httpPort, int blcPort) {
        this.process = process;
        this.log = log;
        this.httpPort = httpPort;
        this.blcPort = blcPort;
    }

    /** Starts {@code pay run} in {@code workDir}, with its embedded BLC server, and waits until its seller API answers. */
    static PayProcess run(Path workDir, Path dataDir, int httpPort, int blcPort, String... extraArgs)
            throws IOException {
        return run(Map.of(), workDir, dataDir, httpPort, blcPort, extraArgs);
    }

    /** {@link #run} with {@code environment} added to Pay's (e.g. {@code PAY_LOG_FORMAT}). */
    static PayProcess run(Map<String, String> environment, Path workDir, Path dataDir, int httpPort, int blcPort,
                          String... extraArgs) throws IOException {
        List<String> args = new ArrayList<>(List.of("--blc-port", Integer.toString(blcPort)));
        args.addAll(List.of(extraArgs));
        return start(workDir, dataDir, httpPort, blcPort, environment, args);
    }

    /**
     * Starts {@code pay run} against the BLC server listening on 127.0.0.1:{@code blcPort} (which outlives
     * Pay), with {@code environment} added to Pay's (e.g. {@code PAY_FAILPOINT}) and each of
     * {@code properties} ({@code key=value}) given as {@code -p}; waits until its seller API answers.
     */
    static PayProcess runAgainst(Path workDir, Path dataDir, int httpPort, int blcPort,
                                 Map<String, String> environment, List<String> properties) throws IOException {
        List<String> args = new ArrayList<>(List.of("--blc", "127.0.0.1:" + blcPort));
        for (String property : properties) {
            args.addAll(List.of("-p", property));
        }
        return start(workDir, dataDir, httpPort, blcPort, environment, args);
    }

    private static PayProcess start(Path workDir, Path dataDir, int httpPort, int blcPort,
                                    Map<String, String> environment, List<String> args) throws IOException {
        List<String> command = new ArrayList<>(List.of("run", "--data-dir", dataDir.toString(), "--http-port",
                Integer.toString(httpPort)));
        command.addAll(args);
        PayProcess pay = spawn(workDir, environment, command, httpPort, blcPort);
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(200))
                .failFast("pay run exited", () -> !pay.alive())
                .until(pay::answers);
        return pay;
    }

    /** Starts a subcommand of the jar with {@code environment} added (e.g. {@code PAY_FAILPOINT}), without waiting. */
    static PayProcess launch(Path workDir, Map<String, String> environment, String... args) throws IOException {
        return spawn(workDir, environment, List.of(args), 0, 0);
    }

    private static PayProcess spawn(Path workDir, Map<String, String> environment, List<String> args, int httpPort,
                                    int blcPort) throws IOException {
        List<String> command = javaJar();
        command.addAll(args);
        Path log = Files.createTempFile(workDir, "pay-" + args.get(0), ".log");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(environment);
        return new PayProcess(builder.start(), log, httpPort, blcPort);
    }

    /** Runs another subcommand of the jar to completion and returns its standard output. */
    static Result command(Path workDir, String... args) throws IOException, InterruptedException {
        List<String> command = javaJar();
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("timed out: " + command);
        }
        return new Result(process.exitValue(), out);
    }

    record Result(int exitCode, String stdout) {
        String lastLine() {
            String[] lines = stdout.strip().split("\n");
            return lines[lines.length - 1].strip();
        }
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + httpPort + path);
    }

    boolean answers() {
        try {
            HttpResponse<Void> health = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(uri("/observe/health")).timeout(Duration.ofSeconds(2)).build(),
                    HttpResponse.BodyHandlers.discarding());
            return health.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    /** SIGKILL: no shutdown hook, no flush, as a crash or an OOM killer would stop it. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the graceful stop an admin gives it. */
    int stop() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
        return process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static List<String> javaJar() {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(QUICK_START);
        command.addAll(List.of("-jar", JAR.toString()));
        return command;
    }
}

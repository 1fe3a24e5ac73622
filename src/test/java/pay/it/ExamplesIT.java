package pay.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import pay.blc.BlcClient;
import pay.crypto.RandomTokens;
import pay.wallet.Miner;

/**
 * Every seller integration in {@code examples/} runs as a seller would run it, against the packaged Pay
 * and its embedded BLC server: the test plays the customer (mines coins, pays the address the example
 * printed) and checks that the example verified the signed notification, got VERIFIED for its echo, and
 * that the coins reached its payout address.
 */
class ExamplesIT {
    private static final Pattern INVOICE = Pattern.compile("pay (\\d+) BLC to (\\S{40})");
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Path EXAMPLES = Path.of("examples").toAbsolutePath();

    /** Each example, how it is started, and what it needs installed ({@code .ci/run} installs all of it). */
    enum Example {
        SHELL(List.of("bash", EXAMPLES.resolve("shell/seller.sh").toString()),
                List.of("bash", "-c", "command -v curl && command -v openssl && command -v socat"),
                "bash, curl, openssl and socat"),
        PYTHON(List.of("python3", EXAMPLES.resolve("python/seller.py").toString()),
                List.of("python3", "--version"), "python3"),
        NODE(List.of("node", EXAMPLES.resolve("node/seller.mjs").toString()),
                List.of("node", "--version"), "node"),
        PHP(List.of("php", EXAMPLES.resolve("php/seller.php").toString()),
                List.of("php", "--version"), "php-cli"),
        RUBY(List.of("ruby", EXAMPLES.resolve("ruby/seller.rb").toString()),
                List.of("ruby", "-rwebrick", "-e", "0"), "ruby with webrick (Debian: ruby ruby-webrick)"),
        JAVA(List.of(PayProcess.java(), EXAMPLES.resolve("java/Seller.java").toString()),
                List.of(PayProcess.java(), "-version"), "java");

        final List<String> command;
        final List<String> probe;
        final String needs;

        Example(List<String> command, List<String> probe, String needs) {
            this.command = command;
            this.probe = probe;
            this.needs = needs;
        }

        void assumeInstalled() {
            boolean installed;
            try {
                Process probing = new ProcessBuilder(probe).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                installed = probing.waitFor(30, TimeUnit.SECONDS) && probing.exitValue() == 0;
            } catch (IOException e) {
                installed = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                installed = false;
            }
            Assumptions.assumeTrue(installed, () -> "SKIPPED the " + name() + " example: " + needs
                    + " is not installed here (bash .ci/run installs it)");
        }
    }

    @TempDir
    static Path workDir;
    private static PayProcess pay;
    private static BlcClient blc;
    private static String apiKey;
    private static String signingSecret;
    private static Account customer;

    @BeforeAll
    static void startPayAndACustomerWithCoins() throws Exception {
        Path dataDir = workDir.resolve("data");
        PayProcess.Result key = PayProcess.command(workDir, "keys", "create", "--email", "examples@example.com",
                "--data-dir", dataDir.toString());
        assertThat(key.exitCode()).isZero();
        apiKey = key.lastLine();
        Matcher secret = Pattern.compile("(?m)^notification signing secret:\\s*(\\S+)$").matcher(key.stdout());
        assertThat(secret.find()).as("keys create prints the signing secret").isTrue();
        signingSecret = secret.group(1);

        pay = PayProcess.run(workDir, dataDir, PayProcess.freePort(), PayProcess.freePort(),
                "-p", "pay.watch.tick-ms=200", "-p", "pay.watch.schedule=300ms@15m,15s@1h");
        blc = BlcClient.parse("127.0.0.1:" + pay.blcPort, Duration.ofSeconds(3), Duration.ofSeconds(10));
        customer = account();
        // Enough for every example's invoice, paid and refused alike (each costs 3).
        Miner.mine(blc, customer.addr(), 2 * Example.values().length * 3, progress -> { });
    }

    @AfterAll
    static void stopPay() throws InterruptedException {
        if (pay != null) {
            pay.close();
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Example.class)
    void theExampleVerifiesTheSignedNotificationConfirmsItAndIsPaidOut(Example example) throws Exception {
        example.assumeInstalled();
        Account seller = account();
        try (Running running = Running.start(example, signingSecret, seller.addr())) {
            Matcher invoice = running.awaitInvoice();
            long price = Long.parseLong(invoice.group(1));
            blc.sendCoin(invoice.group(2), price, customer.addr(), customer.pwd());

            assertThat(running.process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS))
                    .as("%s example ended; its output:%n%s", example, running.output()).isTrue();
            assertThat(running.process.exitValue()).as(running.output()).isZero();
            assertThat(running.output()).contains("VERIFIED: order book-42 is paid");
            await().atMost(PATIENCE).until(() -> blc.checkAddr(seller.addr()) == price);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Example.class)
    void theExampleRefusesANotificationItCannotVerifyAndDoesNotConfirmIt(Example example) throws Exception {
        example.assumeInstalled();
        Account seller = account();
        String anotherSecret = HexFormat.of().formatHex(RandomTokens.bytes(32));
        try (Running running = Running.start(example, anotherSecret, seller.addr())) {
            Matcher invoice = running.awaitInvoice();
            blc.sendCoin(invoice.group(2), Long.parseLong(invoice.group(1)), customer.addr(), customer.pwd());

            await().atMost(PATIENCE).failFast(running::isStillRunning)
                    .until(() -> running.output().contains("Refused a notification with a missing or bad Pay-Signature"));
            assertThat(running.output()).doesNotContain("VERIFIED");
            assertThat(blc.checkAddr(seller.addr())).as("nothing paid out without a confirmation").isZero();
        }
    }

    private record Account(String addr, String pwd) {
    }

    private static Account account() {
        Account account = new Account(HexFormat.of().formatHex(RandomTokens.bytes(20)),
                RandomTokens.generate(RandomTokens.BASE62, 20));
        blc.register(account.addr(), account.pwd());
        return account;
    }

    /** An example running as its own process, configured as its README says, its output in a file. */
    private record Running(Process process, Path log) implements AutoCloseable {
        static Running start(Example example, String secret, String payoutAddr) throws IOException {
            Path log = Files.createTempFile(workDir, example.name().toLowerCase(), ".log");
            ProcessBuilder builder = new ProcessBuilder(example.command).directory(workDir.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            Map<String, String> env = builder.environment();
            env.put("PAY_URL", "http://127.0.0.1:" + pay.httpPort);
            env.put("PAY_API_KEY", apiKey);
            env.put("PAY_SIGNING_SECRET", secret);
            env.put("PAY_PAYOUT_ADDR", payoutAddr);
            env.put("LISTEN_PORT", Integer.toString(PayProcess.freePort()));
            return new Running(builder.start(), log);
        }

        Matcher awaitInvoice() {
            return await().atMost(PATIENCE).failFast(this::isStillRunning)
                    .until(() -> INVOICE.matcher(output()), Matcher::find);
        }

        void isStillRunning() {
            assertThat(process.isAlive()).as("the example is still running; its output:%n%s", output()).isTrue();
        }

        String output() {
            try {
                return Files.readString(log);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        /** Ends the example and whatever it started (the shell's socat, PHP's web server). */
        @Override
        public void close() throws InterruptedException {
            List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
            all.add(process.toHandle());
            all.forEach(ProcessHandle::destroy);
            for (ProcessHandle handle : all) {
                handle.onExit().orTimeout(10, TimeUnit.SECONDS).exceptionally(timedOut -> {
                    handle.destroyForcibly();
                    return handle;
                }).join();
            }
        }
    }
}

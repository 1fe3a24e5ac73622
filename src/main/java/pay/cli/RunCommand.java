package pay.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import pay.app.PayApp;
import pay.store.DatabaseSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code pay run}: Pay's main job, headless, until stopped. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Runs Pay: the seller API, the payment watcher, notifications and payouts.",
                "Without --blc it embeds a BLC server on 127.0.0.1 (a sandbox with a low mining difficulty)."})
public final class RunCommand implements Runnable {

    @Mixin
    DataOptions data;

    @Option(names = "--http-port", paramLabel = "N", defaultValue = "8080",
            description = "Port of the seller API (default: ${DEFAULT-VALUE}).")
    int httpPort;

    @Option(names = "--blc", paramLabel = "HOST:PORT",
            description = "Use this BLC server instead of the embedded one.")
    String externalBlc;

    @Option(names = "--blc-port", paramLabel = "N", defaultValue = "3122",
            description = "Port of the embedded BLC server (default: ${DEFAULT-VALUE}).")
    int blcPort;

    @Option(names = "--difficulty", paramLabel = "D", defaultValue = "3",
            description = "Base mining difficulty of the embedded BLC server (default: ${DEFAULT-VALUE}; the real network used 7).")
    int difficulty;

    @Option(names = "--routes", paramLabel = "DIR",
            description = "Folder of YAML routes (default: ./routes if present, else the routes inside the jar).")
    Path routes;

    @Option(names = {"-p", "--property"}, paramLabel = "KEY=VALUE",
            description = "Override a property, e.g. -p pay.watch.batch-size=200 (repeatable).")
    Map<String, String> properties = new LinkedHashMap<>();

    @Override
    public void run() {
        Map<String, String> overrides = new LinkedHashMap<>();
        DatabaseSettings database = data.databaseSettings(System.getenv());
        overrides.put("pay.db.url", database.jdbcUrl());
        overrides.put("pay.db.user", database.user() == null ? "" : database.user());
        overrides.put("pay.db.password", database.password() == null ? "" : database.password());
        overrides.putAll(properties);
        PayApp app;
        try {
            app = PayApp.start(new PayApp.Settings(data.dataDir(), httpPort, externalBlc, blcPort, difficulty,
                    routes, overrides));
        } catch (Exception e) {
            throw new IllegalStateException("Pay did not start: " + e.getMessage(), e);
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            app.close();
            stopped.countDown();
        }, "pay-shutdown"));
        String base = "http://127.0.0.1:" + app.httpPort();
        System.out.printf("Pay is running.%n"
                        + "  seller API   %1$s/pay%n"
                        + "  sign-up      %1$s/signup (a seller's invoices: %1$s/seller)%n"
                        + "  checkout     %1$s/checkout/{txn_id}%n"
                        + "  API document %1$s/openapi.json%n"
                        + "  health       %1$s/observe/health%n"
                        + "  metrics      %1$s/observe/metrics%n"
                        + "  BLC server   %2$s%3$s%n"
                        + "  database     %4$s%n"
                        + "  routes       %5$s%n"
                        + "Stop with Ctrl-C.%n",
                base, app.blcEndpoint(), app.embedsBlc() ? " (embedded)" : "", app.databaseDescription(),
                app.routesSource());
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

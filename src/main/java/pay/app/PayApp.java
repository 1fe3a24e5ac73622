package pay.app;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.camel.CamelContext;
import org.apache.camel.main.Main;
import pay.blc.server.BlcServer;
import pay.blc.server.BlcServerSettings;
import pay.store.Database;

/**
 * Pay, running: Camel main with the YAML routes and, unless an external one is named, an embedded BLC
 * server. The CLI's {@code run} and the end-to-end tests start it the same way.
 */
public final class PayApp implements AutoCloseable {

    /**
     * How to start Pay.
     *
     * @param externalBlc      {@code host:port} of a BLC server to use, or null to embed one
     * @param embeddedBlcPort  port of the embedded BLC server (0: any free port)
     * @param embeddedBlcDifficulty base mining difficulty of the embedded BLC server
     * @param routes           where the YAML routes are: a folder, or null for the copies inside the jar
     * @param properties       property overrides, applied last
     */
    public record Settings(Path dataDir, int httpPort, String externalBlc, int embeddedBlcPort,
                           int embeddedBlcDifficulty, Path routes, Map<String, String> properties) {
        public Settings {
            properties = Map.copyOf(properties);
        }
    }

    private final Main main;
    private final BlcServer embeddedBlc;
    private final String blcEndpoint;
    private final int httpPort;
    private final String routesSource;

    private PayApp(Main main, BlcServer embeddedBlc, String blcEndpoint, int httpPort, String routesSource) {
        this.main = main;
        this.embeddedBlc = embeddedBlc;
        this.blcEndpoint = blcEndpoint;
        this.httpPort = httpPort;
        this.routesSource = routesSource;
    }

    public static PayApp start(Settings settings) throws Exception {
        requireFreePort(settings.httpPort());
        String routesPattern = routesPattern(settings.routes());
        BlcServer embedded = null;
        String blcEndpoint = settings.externalBlc();
        if (blcEndpoint == null) {
            embedded = BlcServer.start(new BlcServerSettings("127.0.0.1", settings.embeddedBlcPort(),
                    settings.dataDir().resolve("blc-ledger.db"), settings.embeddedBlcDifficulty(),
                    Duration.ofSeconds(30)));
            blcEndpoint = "127.0.0.1:" + embedded.port();
        }
        Main main = new Main();
        main.configure().addConfiguration(PayConfiguration.class);
        // Bound before start: camel-main looks its HTTP server factory up before configuration classes run.
        main.bind("payHttpServerFactory", new PayHttpServerFactory());
        main.setPropertyPlaceholderLocations(
                "classpath:application.properties;optional=true,file:pay.properties;optional=true");
        Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("pay.data-dir", settings.dataDir().toString());
        overrides.put("pay.blc.endpoint", blcEndpoint);
        overrides.put("camel.server.port", Integer.toString(settings.httpPort()));
        overrides.put("camel.main.routes-include-pattern", routesPattern);
        overrides.putAll(settings.properties());
        overrides.forEach(main::addOverrideProperty);
        try {
            main.start();
            int routes = main.getCamelContext().getRoutes().size();
            if (routes == 0) {
                throw new IllegalStateException("no routes were loaded from " + routesPattern);
            }
        } catch (Exception e) {
            main.stop();
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
        return new PayApp(main, embedded, blcEndpoint, settings.httpPort(), routesPattern);
    }

    public CamelContext context() {
        return main.getCamelContext();
    }

    public int httpPort() {
        return httpPort;
    }

    public String blcEndpoint() {
        return blcEndpoint;
    }

    /** The database in use, without credentials. */
    public String databaseDescription() {
        return context().getRegistry().lookupByNameAndType("database", Database.class).describe();
    }

    public String routesSource() {
        return routesSource;
    }

    public boolean embedsBlc() {
        return embeddedBlc != null;
    }

    /** Stops taking requests, lets in-flight exchanges finish (camel.main.shutdown-timeout), then closes. */
    @Override
    public void close() {
        main.stop();
        if (embeddedBlc != null) {
            embeddedBlc.close();
        }
    }

    /**
     * The routes: an explicit folder, else {@code ./routes} when it holds YAML (an engineer's edited copy),
     * else the copies inside the jar, so the jar starts from any directory and never with zero routes.
     */
    private static String routesPattern(Path routes) throws IOException {
        if (routes != null) {
            if (!hasYaml(routes)) {
                throw new IllegalArgumentException("no *.yaml routes in " + routes.toAbsolutePath());
            }
            return "file:" + routes + "/*.yaml";
        }
        return hasYaml(Path.of("routes")) ? "file:routes/*.yaml" : "classpath:routes/*.yaml";
    }

    private static boolean hasYaml(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (var files = Files.list(folder)) {
            return files.anyMatch(f -> f.getFileName().toString().endsWith(".yaml"));
        }
    }

    /** Vert.x logs a taken port and carries on; Pay refuses to start instead. */
    private static void requireFreePort(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(port));
        } catch (IOException e) {
            throw new IllegalStateException("HTTP port " + port + " is already in use", e);
        }
    }
}

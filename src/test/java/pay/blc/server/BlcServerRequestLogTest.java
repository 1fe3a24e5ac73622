package pay.blc.server;

import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.Configurator;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static pay.blc.server.BlcTestSupport.address;
import static pay.blc.server.BlcTestSupport.request;

/** At debug level the server logs one line per request: who, which command, how it went; never a password. */
class BlcServerRequestLogTest {

    private static final String SECRET = "correct-horse-battery-staple";
    private static final String ALICE = address("alice");

    @TempDir
    Path dir;

    private final List<String> lines = new CopyOnWriteArrayList<>();
    private AbstractAppender capture;
    private BlcServer server;

    @BeforeEach
    void captureDebugLogs() {
        capture = new AbstractAppender("blc-capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(event.getMessage().getFormattedMessage());
            }
        };
        capture.start();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        Configuration configuration = context.getConfiguration();
        configuration.getRootLogger().addAppender(capture, Level.DEBUG, null);
        Configurator.setLevel("pay.blc", Level.DEBUG);
        server = BlcServer.start(BlcServerSettings.embedded(dir.resolve("ledger.db"), 1));
    }

    @AfterEach
    void restoreLogging() {
        server.close();
        LoggerContext context = (LoggerContext) LogManager.getContext(false);
        context.getConfiguration().getRootLogger().removeAppender(capture.getName());
        Configurator.setLevel("pay.blc", Level.INFO);
        capture.stop();
    }

    @Test
    void eachRequestIsOneLineWithoutThePassword() {
        PythonStyleClient client = new PythonStyleClient(server.port());
        client.send(request("cmd", "register", "addr", ALICE, "pwd", SECRET));
        client.send(request("cmd", "my_coins", "addr", ALICE, "pwd", SECRET + "-wrong"));
        client.send("{\"cmd\": \"my_coins\", \"pwd\": \"" + SECRET + "\" broken");
        client.send(request("cmd", "no_such_command", "pwd", SECRET));

        await().atMost(Duration.ofSeconds(10)).until(() -> requestLines().size() == 4);
        assertThat(requestLines()).satisfiesExactly(
                line -> assertThat(line).contains(" register -> success"),
                line -> assertThat(line).contains(" my_coins -> Your address or password was invalid"),
                line -> assertThat(line).contains(" - -> Unable to parse JSON request"),
                line -> assertThat(line).contains(" - -> closed without a reply"));
        assertThat(lines).allSatisfy(line -> assertThat(line).doesNotContain(SECRET));
    }

    private List<String> requestLines() {
        return lines.stream().filter(line -> line.contains(" -> ")).toList();
    }
}

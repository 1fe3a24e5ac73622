package pay.app;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.logging.log4j.core.layout.PatternLayout;

/**
 * Everything this JVM logs or prints while open: every Log4j event of every logger (with its stack trace), with
 * Pay's own loggers raised to ALL (what {@code PAY_LOG_LEVEL} can ask for) and the others at their configured
 * levels, plus whatever is written straight to standard output or error. Closing restores it all.
 */
final class CapturedOutput implements AutoCloseable {
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final List<LogEvent> structured = new CopyOnWriteArrayList<>();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final LoggerContext context = (LoggerContext) LogManager.getContext(false);
    private final AbstractAppender appender;
    private final List<LoggerConfig> attachedTo = new ArrayList<>();
    private final Level payLevel;
    private final PrintStream originalOut = System.out;
    private final PrintStream originalErr = System.err;

    CapturedOutput() {
        Configuration config = context.getConfiguration();
        appender = new AbstractAppender("captured-output", null,
                PatternLayout.newBuilder().withConfiguration(config).withPattern("%level %c - %m%n%throwable").build(),
                true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                events.add(getLayout().toSerializable(event).toString());
                structured.add(event.toImmutable());
            }
        };
        appender.start();
        config.addAppender(appender);
        // The root sees every additive logger's events; loggers that do not pass events up get it too.
        attachedTo.add(config.getRootLogger());
        config.getLoggers().values().stream().filter(logger -> !logger.isAdditive()).forEach(attachedTo::add);
        attachedTo.forEach(logger -> logger.addAppender(appender, Level.ALL, null));
        LoggerConfig pay = config.getLoggerConfig("pay");
        payLevel = pay.getLevel();
        pay.setLevel(Level.ALL);
        context.updateLoggers();
        System.setOut(new PrintStream(new Tee(originalOut, printed), true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(new Tee(originalErr, printed), true, StandardCharsets.UTF_8));
    }

    /** Every log event and printed line so far. */
    List<String> lines() {
        List<String> lines = new ArrayList<>(events);
        synchronized (printed) {
            lines.addAll(List.of(printed.toString(StandardCharsets.UTF_8).split("\n")));
        }
        return lines;
    }

    /** Every log event so far, as logged: with its logger, thread and context data (MDC). */
    List<LogEvent> events() {
        return List.copyOf(structured);
    }

    boolean logged(String text) {
        return events.stream().anyMatch(line -> line.contains(text));
    }

    @Override
    public void close() {
        System.setOut(originalOut);
        System.setErr(originalErr);
        Configuration config = context.getConfiguration();
        attachedTo.forEach(logger -> logger.removeAppender(appender.getName()));
        config.getLoggerConfig("pay").setLevel(payLevel);
        context.updateLoggers();
        appender.stop();
    }

    /** Writes to the original stream and keeps a copy. */
    private static final class Tee extends OutputStream {
        private final OutputStream original;
        private final ByteArrayOutputStream copy;

        Tee(OutputStream original, ByteArrayOutputStream copy) {
            this.original = original;
            this.copy = copy;
        }

        @Override
        public void write(int b) throws IOException {
            original.write(b);
            synchronized (copy) {
                copy.write(b);
            }
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            original.write(bytes, offset, length);
            synchronized (copy) {
                copy.write(bytes, offset, length);
            }
        }

        @Override
        public void flush() throws IOException {
            original.flush();
        }
    }
}

package pay.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * What watching the open invoices costs Pay over a quiet window (nobody orders, nobody pays): the CPU its
 * process used (Pay with its embedded BLC server) and how often each open address was polled (step 4a),
 * counted by Pay's own {@code pay_blc_poll} timer at {@code /observe/metrics}.
 */
final class WatchCost {
    private static final String POLLS = "pay_blc_poll_seconds_count";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final long pid;
    private final URI metrics;
    private final int openInvoices;
    private final long startNanos;
    private final Optional<Duration> cpuAtStart;
    private final double pollsAtStart;

    private WatchCost(long pid, URI metrics, int openInvoices) throws IOException, InterruptedException {
        this.pid = pid;
        this.metrics = metrics;
        this.openInvoices = openInvoices;
        this.cpuAtStart = cpuTime(pid);
        this.pollsAtStart = polls(metrics);
        this.startNanos = System.nanoTime();
    }

    /** Starts the window; {@code metrics} is Pay's Prometheus endpoint. */
    static WatchCost start(long pid, URI metrics, int openInvoices) throws IOException, InterruptedException {
        return new WatchCost(pid, metrics, openInvoices);
    }

    /** "Pay used 46% of one core; 357 polls/s: each open address every 2.8 s on average", since the start. */
    String finish() throws IOException, InterruptedException {
        Optional<Duration> cpuAtEnd = cpuTime(pid);
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        double polls = polls(metrics) - pollsAtStart;
        String cpu = cpuAtStart.isPresent() && cpuAtEnd.isPresent()
                ? String.format("%.0f%% of one core", 100.0 * cpuAtEnd.get().minus(cpuAtStart.get()).toNanos() / 1e9 / seconds)
                : "CPU not readable";
        String each = polls == 0 ? "no address polled" : String.format("each open address every %.2f s on average",
                openInvoices * seconds / polls);
        return String.format("Pay (with its BLC server) used %s; %.0f polls/s: %s (over %.0f s)", cpu,
                polls / seconds, each, seconds);
    }

    /** User + system CPU the process used so far, if the OS tells. */
    private static Optional<Duration> cpuTime(long pid) {
        return ProcessHandle.of(pid).flatMap(process -> process.info().totalCpuDuration());
    }

    /** Polls Pay made so far: its poll timer's count, over all its tags. */
    private static double polls(URI metrics) throws IOException, InterruptedException {
        HttpResponse<String> scrape = HTTP.send(HttpRequest.newBuilder(metrics).build(),
                HttpResponse.BodyHandlers.ofString());
        if (scrape.statusCode() != 200) {
            throw new IOException(metrics + " answered " + scrape.statusCode());
        }
        double[] total = {0};
        scrape.body().lines()
                .filter(line -> line.startsWith(POLLS + " ") || line.startsWith(POLLS + "{"))
                .forEach(line -> total[0] += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)));
        return total[0];
    }
}

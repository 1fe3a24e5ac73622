package pay.bench;

import java.util.Arrays;
import java.util.Locale;

/** The latencies of one measured phase of a bench: nearest-rank percentiles and a one-line summary. */
final class Latencies {
    private final long[] sortedNanos;

    private Latencies(long[] sortedNanos) {
        this.sortedNanos = sortedNanos;
    }

    static Latencies ofNanos(long[] nanos) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return new Latencies(sorted);
    }

    int count() {
        return sortedNanos.length;
    }

    /** Nearest rank: the smallest latency that at least {@code percent}% of the samples do not exceed. */
    long percentileNanos(int percent) {
        if (sortedNanos.length == 0) {
            throw new IllegalStateException("no samples");
        }
        int rank = (int) Math.ceil(sortedNanos.length * percent / 100.0);
        return sortedNanos[Math.max(0, Math.min(sortedNanos.length, rank) - 1)];
    }

    long maxNanos() {
        return percentileNanos(100);
    }

    /** "p50 12.3 ms, p99 45.6 ms, max 78.9 ms", or a note that nothing was measured. */
    String summary() {
        if (sortedNanos.length == 0) {
            return "no samples";
        }
        return String.format(Locale.ROOT, "p50 %.1f ms, p99 %.1f ms, max %.1f ms",
                percentileNanos(50) / 1e6, percentileNanos(99) / 1e6, maxNanos() / 1e6);
    }
}

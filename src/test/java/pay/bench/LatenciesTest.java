package pay.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class LatenciesTest {

    @Test
    void percentilesAreNearestRankOverTheSortedSamples() {
        long[] shuffled = LongStream.rangeClosed(1, 100).map(i -> (i * 37) % 100 + 1).toArray();

        Latencies latencies = Latencies.ofNanos(shuffled);

        assertThat(latencies.count()).isEqualTo(100);
        assertThat(latencies.percentileNanos(50)).isEqualTo(50);
        assertThat(latencies.percentileNanos(99)).isEqualTo(99);
        assertThat(latencies.maxNanos()).isEqualTo(100);
    }

    @Test
    void withFewSamplesTheHighPercentilesAreTheMaximum() {
        Latencies latencies = Latencies.ofNanos(new long[] {3_000_000, 1_000_000, 2_000_000});

        assertThat(latencies.percentileNanos(50)).isEqualTo(2_000_000);
        assertThat(latencies.percentileNanos(99)).isEqualTo(3_000_000);
        assertThat(latencies.summary()).isEqualTo("p50 2.0 ms, p99 3.0 ms, max 3.0 ms");
    }

    @Test
    void noSamplesHaveNoPercentilesButSaySo() {
        Latencies latencies = Latencies.ofNanos(new long[0]);

        assertThat(latencies.summary()).isEqualTo("no samples");
        assertThatThrownBy(() -> latencies.percentileNanos(50)).isInstanceOf(IllegalStateException.class);
    }
}

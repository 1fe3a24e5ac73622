package pay.invoice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SchedulesTest {
    private static final Instant CREATED = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void freshInvoicesArePolledOftenAndOldOnesLessThenNotAtAll() {
        WatchSchedule schedule = WatchSchedule.parse("2s@15m,15s@1h,3m@24h");

        assertThat(schedule.nextCheck(CREATED, CREATED.plusSeconds(60))).contains(CREATED.plusSeconds(62));
        assertThat(schedule.nextCheck(CREATED, CREATED.plus(Duration.ofMinutes(30))))
                .contains(CREATED.plus(Duration.ofMinutes(30)).plusSeconds(15));
        assertThat(schedule.nextCheck(CREATED, CREATED.plus(Duration.ofHours(2))))
                .contains(CREATED.plus(Duration.ofHours(2)).plus(Duration.ofMinutes(3)));
        assertThat(schedule.nextCheck(CREATED, CREATED.plus(Duration.ofHours(24)))).isEmpty();
        assertThat(schedule.window()).isEqualTo(Duration.ofHours(24));
    }

    @Test
    void retriesFollowTheScheduleThenStop() {
        RetrySchedule retries = RetrySchedule.parse("10s, 1m,5m");

        assertThat(retries.delayAfter(1)).contains(Duration.ofSeconds(10));
        assertThat(retries.delayAfter(3)).contains(Duration.ofMinutes(5));
        assertThat(retries.delayAfter(4)).isEmpty();
        assertThat(retries.total()).isEqualTo(Duration.ofSeconds(370));
    }

    @Test
    void malformedSchedulesNameTheBadPart() {
        assertThatThrownBy(() -> WatchSchedule.parse("2s")).hasMessageContaining("INTERVAL@AGE");
        assertThatThrownBy(() -> RetrySchedule.parse("10s,soon")).hasMessageContaining("soon");
    }
}

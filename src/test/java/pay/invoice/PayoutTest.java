package pay.invoice;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class PayoutTest {

    @Test
    void theFeeIsAPercentageRoundedDownToWholeCoinsAndNothingIsLost() {
        assertThat(Payout.of(100, BigDecimal.ZERO)).isEqualTo(new Payout(100, 0));
        assertThat(Payout.of(100, new BigDecimal("2.5"))).isEqualTo(new Payout(98, 2));
        assertThat(Payout.of(39, new BigDecimal("2.5"))).isEqualTo(new Payout(39, 0));
        assertThat(Payout.of(7, new BigDecimal("100"))).isEqualTo(new Payout(0, 7));
    }
}

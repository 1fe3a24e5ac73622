package pay.invoice;

import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * Step 6c in coins: what goes to the seller's payout address and what to the fee address.
 * The fee is a percentage of the coins received, rounded down to whole coins.
 */
public record Payout(long toSeller, long fee) {

    public static Payout of(long received, BigDecimal feePercent) {
        long fee = new BigDecimal(received).multiply(feePercent)
                .divide(BigDecimal.valueOf(100), 0, RoundingMode.FLOOR).longValueExact();
        return new Payout(received - fee, fee);
    }
}

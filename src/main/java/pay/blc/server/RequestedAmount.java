package pay.blc.server;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigInteger;

/**
 * The {@code amount} of a {@code send_coin}, judged the way the reference server's checks play out.
 *
 * <p>The reference (Python 2) takes the JSON value as it is and asks {@code amount <= 0}, then
 * {@code coins < amount}, then moves coins with {@code xrange(amount)}. Python 2 orders {@code null} below
 * every number and strings, arrays and objects above every number, and treats {@code false}/{@code true}
 * as 0/1. So:
 * <ul>
 *   <li>null, false, zero, negatives, {@code -Infinity} → "Amount must be one or more";</li>
 *   <li>strings, arrays, objects, {@code Infinity}, more than the balance → "You don't have enough coins";</li>
 *   <li>a fraction, a float such as {@code 2.0}, {@code true}, or {@code NaN} that got past both checks made
 *       the reference crash and send nothing; here it gets a clear "Amount must be a whole number";</li>
 *   <li>a JSON integer of any size is compared exactly; only whole integers move coins.</li>
 * </ul>
 */
sealed interface RequestedAmount {

    /** Python 2's {@code amount <= 0}. */
    boolean isAtMostZero();

    /** Python 2's {@code balance < amount}. */
    boolean exceeds(long balance);

    static RequestedAmount of(JsonNode amount) {
        if (amount.isIntegralNumber()) {
            return new WholeCoins(amount.bigIntegerValue());
        }
        if (amount.isNumber()) {
            return new NotWhole(amount.doubleValue());
        }
        if (amount.isBoolean()) {
            return new NotWhole(amount.booleanValue() ? 1 : 0);
        }
        if (amount.isNull()) {
            return new BelowEveryNumber();
        }
        return new AboveEveryNumber();
    }

    record WholeCoins(BigInteger coins) implements RequestedAmount {
        @Override
        public boolean isAtMostZero() {
            return coins.signum() <= 0;
        }

        @Override
        public boolean exceeds(long balance) {
            return coins.compareTo(BigInteger.valueOf(balance)) > 0;
        }
    }

    /** A float or a boolean: compared as a number, never moved. NaN compares false both ways, as in Python. */
    record NotWhole(double value) implements RequestedAmount {
        @Override
        public boolean isAtMostZero() {
            return value <= 0;
        }

        @Override
        public boolean exceeds(long balance) {
            return balance < value;
        }
    }

    /** {@code null}. */
    record BelowEveryNumber() implements RequestedAmount {
        @Override
        public boolean isAtMostZero() {
            return true;
        }

        @Override
        public boolean exceeds(long balance) {
            return false;
        }
    }

    /** A string, array or object. */
    record AboveEveryNumber() implements RequestedAmount {
        @Override
        public boolean isAtMostZero() {
            return false;
        }

        @Override
        public boolean exceeds(long balance) {
            return true;
        }
    }
}

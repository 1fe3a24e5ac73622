package pay.wallet;

import java.time.Duration;

/** Where a mining run stands: coins accepted so far, the difficulty being mined, and the work done. */
public record MiningProgress(int coinsMined, int coinsWanted, int difficulty, long hashes, Duration elapsed) {

    /** Average hashing speed over the whole run so far. */
    public double hashesPerSecond() {
        long nanos = elapsed.toNanos();
        return nanos == 0 ? 0 : hashes * 1e9 / nanos;
    }
}

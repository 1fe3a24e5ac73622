package pay.blc;

/** One movement of coins as the BLC server reports it: {@code amount} whole coins from {@code from} to {@code to}. */
public record BlcTransfer(String to, long amount, String from) {
}

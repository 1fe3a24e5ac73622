package pay.wallet;

/** A coin the server accepted: {@code hash} is sha512({@code winningString}) with {@code difficulty} leading zeros. */
public record MinedCoin(String winningString, String hash, int difficulty) {
}

package pay.blc;

/**
 * A BLC call that did not succeed. Sealed: callers handle exactly two cases, a server that could not be
 * used ({@link BlcUnavailableException}, worth retrying) and a server that said no ({@link BlcRefusedException}).
 */
public sealed class BlcException extends RuntimeException permits BlcUnavailableException, BlcRefusedException {
    private final String command;

    BlcException(String command, String message, Throwable cause) {
        super(message, cause);
        this.command = command;
    }

    /** The protocol command that failed, e.g. {@code send_coin}. */
    public String command() {
        return command;
    }
}

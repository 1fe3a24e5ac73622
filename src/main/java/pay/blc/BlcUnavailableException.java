package pay.blc;

/**
 * The BLC server could not be used: connection refused or timed out, no reply in time, the connection closed
 * without a reply, or a reply that is not a usable BLC envelope. Retryable.
 */
public final class BlcUnavailableException extends BlcException {
    private final boolean outcomeUnknown;

    BlcUnavailableException(String command, String reason, boolean outcomeUnknown, Throwable cause) {
        super(command, command + ": " + reason, cause);
        this.outcomeUnknown = outcomeUnknown;
    }

    /**
     * True when the request had been sent before things went wrong, so the server may have carried it out:
     * a retried {@code send_coin} could then pay twice. False when the request certainly never arrived
     * (e.g. connection refused).
     */
    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }
}

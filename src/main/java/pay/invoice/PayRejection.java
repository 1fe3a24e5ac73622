package pay.invoice;

/**
 * A request Pay refuses, with the HTTP status and the machine-readable reason the caller gets.
 * Thrown before anything is stored, so a rejection never leaves state behind.
 */
public final class PayRejection extends RuntimeException {
    private final int httpStatus;
    private final String reason;
    private final String field;

    public PayRejection(int httpStatus, String reason, String field, String message) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.reason = reason;
        this.field = field;
    }

    public static PayRejection badField(String reason, String field, String message) {
        return new PayRejection(400, reason, field, message);
    }

    public int httpStatus() {
        return httpStatus;
    }

    public String reason() {
        return reason;
    }

    /** The offending field, or null when the rejection is not about one field. */
    public String field() {
        return field;
    }
}

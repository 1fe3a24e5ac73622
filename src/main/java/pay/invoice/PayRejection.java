package pay.invoice;

/**
 * A request Pay refuses, with the HTTP status and the machine-readable reason the caller gets.
 * Thrown before anything is stored, so a rejection never leaves state behind.
 */
public final class PayRejection extends RuntimeException {
    private final int httpStatus;
    private final String reason;
    private final String field;
    private final Long retryAfterSeconds;

    public PayRejection(int httpStatus, String reason, String field, String message) {
        this(httpStatus, reason, field, message, null);
    }

    private PayRejection(int httpStatus, String reason, String field, String message, Long retryAfterSeconds) {
        super(message, null, false, false);
        this.httpStatus = httpStatus;
        this.reason = reason;
        this.field = field;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** 429: the caller may try again after {@code retryAfterSeconds} (sent as {@code Retry-After}). */
    public static PayRejection tooManyRequests(String reason, String message, long retryAfterSeconds) {
        return new PayRejection(429, reason, null, message, retryAfterSeconds);
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

    /** Seconds after which a retry may succeed, or null when retrying the same request cannot help. */
    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    /** The offending field, or null when the rejection is not about one field. */
    public String field() {
        return field;
    }
}

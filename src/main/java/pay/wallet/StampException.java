package pay.wallet;

/** The stamp file is missing, unreadable, malformed, or cannot be written; the message says which, in one line. */
public final class StampException extends Exception {
    StampException(String message, Throwable cause) {
        super(message, cause);
    }
}

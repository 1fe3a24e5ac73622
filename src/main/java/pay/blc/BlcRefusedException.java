package pay.blc;

/**
 * The BLC server answered {@code success: false}. {@link #getMessage()} is the server's own message
 * (e.g. {@code You don't have enough coins}), made safe for logs: control and format characters removed and
 * the length bounded.
 */
public final class BlcRefusedException extends BlcException {
    static final int MAX_MESSAGE_CHARS = 200;

    BlcRefusedException(String command, String serverMessage) {
        super(command, forLogs(serverMessage), null);
    }

    /** Drops characters that could forge or hide log lines and cuts the text to a bounded length. */
    static String forLogs(String serverMessage) {
        int[] kept = serverMessage.codePoints().filter(BlcRefusedException::printable).toArray();
        if (kept.length <= MAX_MESSAGE_CHARS) {
            return new String(kept, 0, kept.length);
        }
        return new String(kept, 0, MAX_MESSAGE_CHARS) + "…";
    }

    private static boolean printable(int codePoint) {
        return switch (Character.getType(codePoint)) {
            case Character.CONTROL, Character.FORMAT, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
                 Character.SURROGATE, Character.PRIVATE_USE, Character.UNASSIGNED -> false;
            default -> true;
        };
    }
}

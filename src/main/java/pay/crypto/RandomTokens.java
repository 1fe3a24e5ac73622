package pay.crypto;

import java.security.SecureRandom;

/** Unguessable random values from one shared SecureRandom (thread-safe). */
public final class RandomTokens {

    /** Letters and digits: 5.95 bits per character. */
    public static final String BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    /** Lower-case letters and digits: for ids people read aloud or type. */
    public static final String LOWERCASE_ALPHANUMERIC = "0123456789abcdefghijklmnopqrstuvwxyz";

    private static final SecureRandom RANDOM = new SecureRandom();

    private RandomTokens() {
    }

    /** {@code length} characters drawn uniformly from {@code alphabet}. */
    public static String generate(String alphabet, int length) {
        StringBuilder token = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            token.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        }
        return token.toString();
    }

    public static byte[] bytes(int count) {
        byte[] bytes = new byte[count];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}

package pay.crypto;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Slow salted password hashes: PBKDF2-HMAC-SHA256 from the JDK at 210,000 iterations, about 0.3 s
 * on the 2-core build machine (OWASP advises 600,000 for login passwords; recoveries are rare and
 * also need the email). Encoded as {@code pbkdf2-sha256$<iterations>$<salt>$<hash>}, so the cost
 * can rise later without invalidating stored hashes.
 */
public final class PasswordHash {

    public static final int ITERATIONS = 210_000;

    private static final String ALGORITHM = "PBKDF2WithHmacSHA256";
    private static final String SCHEME = "pbkdf2-sha256";
    private static final int SALT_BYTES = 16;
    private static final int HASH_BITS = 256;

    private PasswordHash() {
    }

    /** A fresh salted hash of {@code password}. */
    public static String of(String password) {
        byte[] salt = RandomTokens.bytes(SALT_BYTES);
        return String.join("$", SCHEME, Integer.toString(ITERATIONS), base64(salt),
                base64(pbkdf2(password, salt, ITERATIONS)));
    }

    /** Whether {@code password} hashes to {@code encoded}, compared in constant time. */
    public static boolean matches(String password, String encoded) {
        String[] parts = encoded.split("\\$");
        if (parts.length != 4 || !parts[0].equals(SCHEME)) {
            throw new IllegalArgumentException("Not a " + SCHEME + " hash");
        }
        byte[] salt = Base64.getDecoder().decode(parts[2]);
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        return MessageDigest.isEqual(pbkdf2(password, salt, Integer.parseInt(parts[1])), expected);
    }

    private static byte[] pbkdf2(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, HASH_BITS);
        try {
            return SecretKeyFactory.getInstance(ALGORITHM).generateSecret(spec).getEncoded();
        } catch (GeneralSecurityException impossible) {
            throw new IllegalStateException("Every Java runtime has " + ALGORITHM, impossible);
        } finally {
            spec.clearPassword();
        }
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().withoutPadding().encodeToString(bytes);
    }
}

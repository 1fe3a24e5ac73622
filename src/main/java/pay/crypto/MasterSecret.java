package pay.crypto;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;

/**
 * The root of every derived secret (deposit-address passwords, notification signing secrets), so
 * those are stored nowhere: losing this loses access to unpaid deposit addresses; back it up.
 */
public final class MasterSecret {

    /** Environment variable that, when set, holds the secret (base64, at least 32 bytes). */
    public static final String ENVIRONMENT_VARIABLE = "PAY_MASTER_SECRET";
    /** File in the data folder that holds the secret when the environment does not. */
    public static final String FILE_NAME = "master.key";
    public static final int MINIMUM_BYTES = 32;

    private static final FileAttribute<?> OWNER_ONLY = PosixFilePermissions.asFileAttribute(
            PosixFilePermissions.fromString("rw-------"));

    private final byte[] key;

    private MasterSecret(byte[] key) {
        this.key = key;
    }

    /**
     * From env PAY_MASTER_SECRET (base64, >= 32 bytes) if set, else from {@code <dataDir>/master.key};
     * generates that file (32 random bytes, base64) with owner-only permissions (0600) on first run.
     */
    public static MasterSecret load(Path dataDir, Map<String, String> env) {
        String fromEnvironment = env.get(ENVIRONMENT_VARIABLE);
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return new MasterSecret(decode(fromEnvironment, "environment variable " + ENVIRONMENT_VARIABLE));
        }
        Path file = dataDir.resolve(FILE_NAME);
        if (Files.exists(file)) {
            return new MasterSecret(decode(read(file), file.toString()));
        }
        return new MasterSecret(generate(file));
    }

    /** HMAC-SHA256(master, purpose + ":" + id) as lowercase hex. */
    public String derive(String purpose, String id) {
        if (purpose.isEmpty() || purpose.indexOf(':') >= 0) {
            // The separator must be unambiguous, or ("a:b", "c") and ("a", "b:c") would derive the same secret.
            throw new IllegalArgumentException("A purpose is a non-empty name without ':'");
        }
        return HexFormat.of().formatHex(HmacSha256.of(key, (purpose + ":" + id).getBytes(StandardCharsets.UTF_8)));
    }

    @Override
    public String toString() {
        return "MasterSecret[redacted]";
    }

    private static byte[] decode(String base64, String source) {
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64.strip());
        } catch (IllegalArgumentException notBase64) {
            throw new IllegalArgumentException("The master secret in " + source + " is not base64");
        }
        if (key.length < MINIMUM_BYTES) {
            throw new IllegalArgumentException("The master secret in " + source + " has " + key.length
                    + " bytes; it needs at least " + MINIMUM_BYTES);
        }
        return key;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.US_ASCII);
        } catch (IOException failure) {
            throw new UncheckedIOException("Could not read the master secret " + file, failure);
        }
    }

    private static byte[] generate(Path file) {
        byte[] key = RandomTokens.bytes(MINIMUM_BYTES);
        try {
            Files.createDirectories(file.getParent());
            // Created with its permissions in one step, so the secret is never readable by others, not even briefly.
            Path created = ownerOnlyPermissionsSupported(file.getParent())
                    ? Files.createFile(file, OWNER_ONLY)
                    : Files.createFile(file);
            Files.writeString(created, Base64.getEncoder().encodeToString(key) + "\n", StandardCharsets.US_ASCII,
                    StandardOpenOption.SYNC);
            return key;
        } catch (FileAlreadyExistsException anotherProcessWasFirst) {
            throw new IllegalStateException("Another process created " + file + " at the same time; start again",
                    anotherProcessWasFirst);
        } catch (IOException failure) {
            throw new UncheckedIOException("Could not create the master secret " + file, failure);
        }
    }

    private static boolean ownerOnlyPermissionsSupported(Path folder) throws IOException {
        return Files.getFileStore(folder).supportsFileAttributeView("posix");
    }
}

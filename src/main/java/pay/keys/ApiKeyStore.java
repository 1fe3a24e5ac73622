package pay.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;
import pay.crypto.PasswordHash;
import pay.crypto.RandomTokens;
import pay.store.Jdbc;

/**
 * Sellers' API keys. A key reads {@code pk_<id>_<secret>}: the id (8 lower-case letters or digits)
 * finds the row, the secret (32 base62 characters, 190 bits) proves possession. Only the SHA-256 of
 * the whole key is stored; a fast hash is enough for a random secret that long, unlike a password.
 */
public final class ApiKeyStore {

    public static final int ID_LENGTH = 8;
    public static final int SECRET_LENGTH = 32;
    public static final int MINIMUM_RECOVERY_PASSWORD_LENGTH = 8;

    private static final String PREFIX = "pk_";
    private static final Pattern KEY_FORMAT = Pattern.compile(
            "pk_([0-9a-z]{" + ID_LENGTH + "})_[0-9A-Za-z]{" + SECRET_LENGTH + "}");
    private static final Pattern EMAIL_FORMAT = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s.]+");
    private static final int MAXIMUM_EMAIL_LENGTH = 254;
    private static final String COLUMNS = "id, email, created_at, revoked_at";

    private final DataSource dataSource;
    private final Clock clock;

    public ApiKeyStore(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /**
     * Issues a key for {@code email}; with a recovery password, a lost key can later be replaced.
     * @throws IllegalArgumentException for an implausible email or a recovery password that is too short
     */
    public IssuedKey create(String email, String recoveryPasswordOrNull) {
        String normalisedEmail = normaliseEmail(email);
        String recoveryHash = recoveryPasswordOrNull == null ? null : PasswordHash.of(checkedPassword(recoveryPasswordOrNull));
        IssuedKey issued = newKey(normalisedEmail);
        Jdbc.withConnection(dataSource, "Could not store a new API key", connection -> {
            insert(connection, issued, recoveryHash);
            return null;
        });
        return issued;
    }

    /** Every key, oldest first. */
    public List<ApiKey> list() {
        return Jdbc.withConnection(dataSource, "Could not list the API keys", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM api_keys ORDER BY created_at, id")) {
                return keys(select);
            }
        });
    }

    public Optional<ApiKey> find(String id) {
        return Jdbc.withConnection(dataSource, "Could not read an API key", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + " FROM api_keys WHERE id = ?")) {
                select.setString(1, id);
                return keys(select).stream().findFirst();
            }
        });
    }

    /** Idempotent; true if the key was active until now. */
    public boolean revoke(String id) {
        return Jdbc.withConnection(dataSource, "Could not revoke an API key", connection -> revoke(connection, "id", id));
    }

    /** The active key that {@code presentedKey} is; empty for unknown, malformed or revoked keys. */
    public Optional<ApiKey> authenticate(String presentedKey) {
        if (presentedKey == null) {
            return Optional.empty();
        }
        Matcher format = KEY_FORMAT.matcher(presentedKey);
        if (!format.matches()) {
            return Optional.empty();
        }
        return Jdbc.withConnection(dataSource, "Could not check an API key", connection -> {
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT " + COLUMNS + ", secret_hash FROM api_keys WHERE id = ? AND revoked_at IS NULL")) {
                select.setString(1, format.group(1));
                try (ResultSet row = select.executeQuery()) {
                    if (!row.next() || !MessageDigest.isEqual(sha256(presentedKey),
                            HexFormat.of().parseHex(row.getString("secret_hash")))) {
                        return Optional.empty();
                    }
                    return Optional.of(key(row));
                }
            }
        });
    }

    /**
     * Replaces a lost key: when {@code recoveryPassword} matches an active key of {@code email},
     * revokes every active key of that email and issues a fresh one that keeps the same recovery
     * password. Empty when nothing matches. Revoked keys never match, so an operator's revocation
     * cannot be undone this way.
     */
    public Optional<IssuedKey> recover(String email, String recoveryPassword) {
        String normalisedEmail;
        try {
            normalisedEmail = normaliseEmail(email);
        } catch (IllegalArgumentException implausibleEmail) {
            return Optional.empty();
        }
        if (recoveryPassword == null) {
            return Optional.empty();
        }
        // The slow hashing happens before the transaction, so no write lock is held during it.
        List<RecoverableKey> candidates = recoverableKeys(normalisedEmail);
        if (candidates.isEmpty()) {
            PasswordHash.matches(recoveryPassword, Decoy.RECOVERY_HASH);
            return Optional.empty();
        }
        Optional<RecoverableKey> matched = candidates.stream()
                .filter(candidate -> PasswordHash.matches(recoveryPassword, candidate.recoveryHash()))
                .findFirst();
        if (matched.isEmpty()) {
            return Optional.empty();
        }
        IssuedKey fresh = newKey(normalisedEmail);
        return Jdbc.inTransaction(dataSource, "Could not replace an API key", connection -> {
            if (!revoke(connection, "id", matched.get().id())) {
                // A concurrent recovery or revocation got there first: this one changes nothing.
                return Optional.empty();
            }
            revoke(connection, "email", normalisedEmail);
            insert(connection, fresh, matched.get().recoveryHash());
            return Optional.of(fresh);
        });
    }

    // Paces a recovery for an unknown email like one for a known email; built on first use only.
    private static final class Decoy {
        static final String RECOVERY_HASH = PasswordHash.of(RandomTokens.generate(RandomTokens.BASE62, 16));
    }

    private record RecoverableKey(String id, String recoveryHash) {
    }

    private List<RecoverableKey> recoverableKeys(String email) {
        return Jdbc.withConnection(dataSource, "Could not read API keys for recovery", connection -> {
            try (PreparedStatement select = connection.prepareStatement("SELECT id, recovery_hash FROM api_keys "
                    + "WHERE email = ? AND revoked_at IS NULL AND recovery_hash IS NOT NULL ORDER BY created_at, id")) {
                select.setString(1, email);
                List<RecoverableKey> keys = new ArrayList<>();
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        keys.add(new RecoverableKey(rows.getString(1), rows.getString(2)));
                    }
                }
                return keys;
            }
        });
    }

    /** Revokes the active keys whose {@code column} (id or email) equals {@code value}; true if any. */
    private boolean revoke(Connection connection, String column, String value) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE api_keys SET revoked_at = ? WHERE " + column + " = ? AND revoked_at IS NULL")) {
            update.setLong(1, clock.millis());
            update.setString(2, value);
            return update.executeUpdate() > 0;
        }
    }

    private IssuedKey newKey(String email) {
        String id = RandomTokens.generate(RandomTokens.LOWERCASE_ALPHANUMERIC, ID_LENGTH);
        String secretKey = PREFIX + id + "_" + RandomTokens.generate(RandomTokens.BASE62, SECRET_LENGTH);
        Instant now = Instant.ofEpochMilli(clock.millis());
        return new IssuedKey(new ApiKey(id, email, now, null), secretKey);
    }

    private static void insert(Connection connection, IssuedKey issued, String recoveryHashOrNull) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO api_keys "
                + "(id, email, secret_hash, recovery_hash, created_at, revoked_at) VALUES (?, ?, ?, ?, ?, NULL)")) {
            insert.setString(1, issued.key().id());
            insert.setString(2, issued.key().email());
            insert.setString(3, HexFormat.of().formatHex(sha256(issued.secretKey())));
            if (recoveryHashOrNull == null) {
                insert.setNull(4, Types.VARCHAR);
            } else {
                insert.setString(4, recoveryHashOrNull);
            }
            insert.setLong(5, issued.key().createdAt().toEpochMilli());
            insert.executeUpdate();
        }
    }

    private static List<ApiKey> keys(PreparedStatement select) throws SQLException {
        List<ApiKey> keys = new ArrayList<>();
        try (ResultSet rows = select.executeQuery()) {
            while (rows.next()) {
                keys.add(key(rows));
            }
        }
        return keys;
    }

    private static ApiKey key(ResultSet row) throws SQLException {
        long revokedAt = row.getLong("revoked_at");
        Instant revoked = row.wasNull() ? null : Instant.ofEpochMilli(revokedAt);
        return new ApiKey(row.getString("id"), row.getString("email"), Instant.ofEpochMilli(row.getLong("created_at")),
                revoked);
    }

    private static String normaliseEmail(String email) {
        String normalised = email == null ? "" : email.strip().toLowerCase(Locale.ROOT);
        if (normalised.length() > MAXIMUM_EMAIL_LENGTH || !EMAIL_FORMAT.matcher(normalised).matches()) {
            throw new IllegalArgumentException("Not a plausible email address: " + email);
        }
        return normalised;
    }

    private static String checkedPassword(String password) {
        if (password.strip().length() < MINIMUM_RECOVERY_PASSWORD_LENGTH) {
            throw new IllegalArgumentException("A recovery password needs at least "
                    + MINIMUM_RECOVERY_PASSWORD_LENGTH + " characters");
        }
        return password;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("Every Java runtime has SHA-256", impossible);
        }
    }
}

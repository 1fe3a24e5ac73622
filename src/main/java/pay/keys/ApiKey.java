package pay.keys;

import java.time.Instant;

/** A seller's API key as stored: its public id and owner, never its secret. */
public record ApiKey(String id, String email, Instant createdAt, Instant revokedAt) {

    public boolean active() {
        return revokedAt == null;
    }
}

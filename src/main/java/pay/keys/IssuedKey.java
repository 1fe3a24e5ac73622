package pay.keys;

/** A key just issued, with the secret key string that is shown once and stored nowhere. */
public record IssuedKey(ApiKey key, String secretKey) {

    /** Redacted: the secret must not reach a log through an innocent string concatenation. */
    @Override
    public String toString() {
        return "IssuedKey[" + key + ", secretKey=***]";
    }
}

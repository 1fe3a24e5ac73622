package pay.seller;

import pay.keys.IssuedKey;

/**
 * A key just issued through the sign-up page, with what the seller needs alongside it: the notification
 * signing secret of the key. Both are shown once and stored nowhere.
 *
 * @param replacesLostKey true when a recovery issued it (the seller's earlier keys are revoked)
 */
public record NewKey(IssuedKey issued, String signingSecret, boolean replacesLostKey) {

    public String keyId() {
        return issued.key().id();
    }

    public String email() {
        return issued.key().email();
    }

    /** Redacted: neither secret may reach a log through a string concatenation. */
    @Override
    public String toString() {
        return "NewKey[" + issued.key() + ", secretKey=***, signingSecret=***, replacesLostKey=" + replacesLostKey + "]";
    }
}

package pay.seller;

import java.util.Map;
import pay.crypto.MasterSecret;
import pay.crypto.NotificationSignature;
import pay.invoice.PayRejection;
import pay.keys.ApiKeyStore;
import pay.keys.IssuedKey;

/**
 * What the sign-up page does: issue an API key for an email, with an optional recovery password, and
 * replace a lost key given the email and that password. Keys go to the same store as the CLI's
 * ({@code pay keys}). Refusals are {@link PayRejection}s whose message the page shows; a failed recovery
 * says the same whether or not the email has a key, so the page cannot be used to learn who has one.
 */
public final class SellerSignup {
    public static final String EMAIL = "email";
    public static final String RECOVERY_PASSWORD = "recovery_password";
    public static final String RECOVERY_PASSWORD_AGAIN = "recovery_password_again";

    private final ApiKeyStore keys;
    private final MasterSecret masterSecret;

    public SellerSignup(ApiKeyStore keys, MasterSecret masterSecret) {
        this.keys = keys;
        this.masterSecret = masterSecret;
    }

    /** A new key for the form's email; with a recovery password (given twice, identical), one that can be recovered. */
    public NewKey signUp(Map<String, String> form) {
        String password = form.getOrDefault(RECOVERY_PASSWORD, "");
        if (!password.equals(form.getOrDefault(RECOVERY_PASSWORD_AGAIN, ""))) {
            throw PayRejection.badField("recovery_passwords_differ", RECOVERY_PASSWORD_AGAIN,
                    "The two recovery passwords differ. Type the same password twice, or leave both empty.");
        }
        try {
            return withSigningSecret(keys.create(form.get(EMAIL), password.isEmpty() ? null : password), false);
        } catch (IllegalArgumentException implausible) {
            throw PayRejection.badField("invalid_signup", null, implausible.getMessage());
        }
    }

    /** A fresh key in place of a lost one; every earlier key of the email is revoked. */
    public NewKey recover(Map<String, String> form) {
        String email = form.getOrDefault(EMAIL, "");
        String password = form.getOrDefault(RECOVERY_PASSWORD, "");
        if (email.isBlank() || password.isEmpty()) {
            throw PayRejection.badField("missing_field", email.isBlank() ? EMAIL : RECOVERY_PASSWORD,
                    "Enter the email of your key and its recovery password.");
        }
        return keys.recover(email, password)
                .map(issued -> withSigningSecret(issued, true))
                .orElseThrow(() -> new PayRejection(401, "wrong_recovery_credentials", null,
                        "No key can be recovered with this email and recovery password. Keys created without a"
                                + " recovery password, and keys an operator revoked, cannot be recovered."));
    }

    private NewKey withSigningSecret(IssuedKey issued, boolean replacesLostKey) {
        return new NewKey(issued, NotificationSignature.secretFor(masterSecret, issued.key().id()), replacesLostKey);
    }
}

package pay.invoice;

import pay.keys.ApiKey;

/**
 * A check that a valid request from an authenticated key must pass before its invoice is stored (the rate
 * limit, the listen_url policy). Refuses by throwing a {@link PayRejection}, so a refused request stores nothing.
 */
@FunctionalInterface
public interface InvoiceAdmission {

    void admit(ApiKey key, InvoiceRequest request);

    /** This check, then {@code next}: cheap checks go first, so a refused caller costs little. */
    default InvoiceAdmission andThen(InvoiceAdmission next) {
        return (key, request) -> {
            admit(key, request);
            next.admit(key, request);
        };
    }
}

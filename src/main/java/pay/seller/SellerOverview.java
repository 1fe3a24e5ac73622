package pay.seller;

import java.util.List;
import pay.keys.ApiKey;

/**
 * What the seller page shows to the holder of an API key: the key's newest invoices with their histories,
 * and the outcome of the action just taken ({@code notice}, null when none).
 *
 * @param presentedKey the key as the seller typed it, which the page's forms send back (never in a URL)
 * @param limit        at most this many invoices are listed
 */
public record SellerOverview(ApiKey key, String presentedKey, List<InvoiceHistory> invoices, int limit,
                             String notice) {

    public SellerOverview {
        invoices = List.copyOf(invoices);
    }

    /** Redacted: the presented key must not reach a log through a string concatenation. */
    @Override
    public String toString() {
        return "SellerOverview[" + key + ", presentedKey=***, " + invoices.size() + " invoices, notice=" + notice + "]";
    }
}

package pay.invoice;

/** Bounds on what a seller may put in an invoice request (properties {@code pay.invoice.*}). */
public record InvoiceLimits(long maxPrice, int maxSellFields, int maxSellNameLength, int maxSellValueLength,
                            int maxUrlLength) {
    public static final InvoiceLimits DEFAULT = new InvoiceLimits(1_000_000_000L, 50, 40, 500, 2048);
}

package pay.invoice;

import java.math.BigDecimal;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import pay.blc.BlcClient;
import pay.blc.BlcTransfer;
import pay.crypto.MasterSecret;

/**
 * Pay's side of the BLC server: the one-time deposit addresses. Their passwords are derived from the
 * master secret and stored nowhere. Every call here is safe to repeat after a crash: what a payout
 * or refund must still send is worked out from the deposit address's own transaction list on the
 * BLC server, which records what already left.
 */
public final class DepositAccounts {
    private final BlcClient blc;
    private final MasterSecret secret;
    private final BigDecimal feePercent;
    private final String feeAddress;

    public DepositAccounts(BlcClient blc, MasterSecret secret, BigDecimal feePercent, String feeAddress) {
        if (feePercent.signum() < 0 || feePercent.compareTo(BigDecimal.valueOf(100)) > 0) {
            throw new IllegalArgumentException("pay.payout.fee-percent must be between 0 and 100");
        }
        if (feePercent.signum() > 0) {
            InvoiceRequest.blcAddress("fee_addr", feeAddress == null ? "" : feeAddress);
        }
        this.blc = blc;
        this.secret = secret;
        this.feePercent = feePercent;
        this.feeAddress = feeAddress;
    }

    public String endpoint() {
        return blc.endpoint();
    }

    /** Step 3: registers the invoice's deposit address on the BLC server. */
    public void register(Invoice invoice) {
        blc.register(invoice.address(), password(invoice));
        FailPoints.reach("address-registered");
    }

    /**
     * Step 4a: what the deposit address holds. {@code check_addr} is cheap and needs no password; the
     * {@code transactions} list (who paid) is read only when the balance moved since the last poll.
     */
    public Deposits read(Invoice invoice) {
        long balance = blc.checkAddr(invoice.address());
        if (balance == invoice.lastBalance()) {
            return new Deposits(balance, invoice.received(), invoice.senders());
        }
        return Deposits.of(invoice.address(), balance, blc.transactions(invoice.address(), password(invoice)));
    }

    /**
     * Step 6c: pays the seller what is not yet paid out or refunded, less the fee (to the fee address).
     * The targets are the invoice's recorded totals plus this payout; only the difference between a
     * target and what the transaction list shows already sent is sent.
     */
    public Payout payOut(Invoice invoice) {
        List<BlcTransfer> transactions = blc.transactions(invoice.address(), password(invoice));
        Map<String, Long> sent = sentByRecipient(invoice.address(), transactions);
        long refunded = sent.entrySet().stream()
                .filter(e -> !e.getKey().equals(invoice.payoutAddr()) && !e.getKey().equals(feeAddress))
                .mapToLong(Map.Entry::getValue).sum();
        long unsettled = invoice.received() - refunded - invoice.paidOut() - invoice.fee();
        Payout payout = Payout.of(Math.max(0, unsettled), feePercent);
        Payout target = new Payout(invoice.paidOut() + payout.toSeller(), invoice.fee() + payout.fee());
        if (invoice.payoutAddr().equals(feeAddress)) {
            sendUpTo(invoice, invoice.payoutAddr(), target.toSeller() + target.fee(), sent);
        } else {
            sendUpTo(invoice, invoice.payoutAddr(), target.toSeller(), sent);
            FailPoints.reach("seller-paid");
            sendUpTo(invoice, feeAddress, target.fee(), sent);
        }
        FailPoints.reach("payout-sent");
        return target;
    }

    /**
     * Sends the coins at the deposit address back to their senders, each up to what it sent and has not yet
     * had back. Coins already paid out came first-come-first-served out of the earliest senders' payments, so a
     * later sender (extra coins after a payout) gets back its own coins, not the first customer. Returns the
     * coins refunded by this call.
     */
    public long refund(Invoice invoice) {
        List<BlcTransfer> transactions = blc.transactions(invoice.address(), password(invoice));
        Map<String, Long> received = new HashMap<>();
        for (BlcTransfer transfer : transactions) {
            if (transfer.to().equals(invoice.address()) && !transfer.from().equals(invoice.address())) {
                received.merge(transfer.from(), transfer.amount(), Long::sum);
            }
        }
        Map<String, Long> sent = sentByRecipient(invoice.address(), transactions);
        long paidOutLeft = sent.getOrDefault(invoice.payoutAddr(), 0L)
                + (feeAddress.equals(invoice.payoutAddr()) ? 0 : sent.getOrDefault(feeAddress, 0L));
        long balance = blc.checkAddr(invoice.address());
        long refunded = 0;
        for (String sender : invoice.senders()) {
            long paid = received.getOrDefault(sender, 0L);
            long paidOutOfIt = Math.min(paid, paidOutLeft);
            paidOutLeft -= paidOutOfIt;
            boolean settlementAddress = sender.equals(invoice.payoutAddr()) || sender.equals(feeAddress);
            long owed = paid - paidOutOfIt - (settlementAddress ? 0 : sent.getOrDefault(sender, 0L));
            long amount = Math.min(owed, balance - refunded);
            if (amount > 0) {
                blc.sendCoin(sender, amount, invoice.address(), password(invoice));
                refunded += amount;
                FailPoints.reach("sender-refunded");
            }
        }
        FailPoints.reach("refund-sent");
        return refunded;
    }

    /** A cheap request, for the readiness check. */
    public boolean reachable() {
        try {
            blc.totalCoins();
            return true;
        } catch (pay.blc.BlcException unreachable) {
            return false;
        }
    }

    private void sendUpTo(Invoice invoice, String to, long target, Map<String, Long> sent) {
        long missing = target - sent.getOrDefault(to, 0L);
        if (missing > 0) {
            blc.sendCoin(to, missing, invoice.address(), password(invoice));
        }
    }

    private static Map<String, Long> sentByRecipient(String address, List<BlcTransfer> transactions) {
        Map<String, Long> sent = new HashMap<>();
        for (BlcTransfer transfer : transactions) {
            if (transfer.from().equals(address) && !transfer.to().equals(address)) {
                sent.merge(transfer.to(), transfer.amount(), Long::sum);
            }
        }
        return sent;
    }

    private String password(Invoice invoice) {
        return secret.derive("deposit", invoice.address());
    }
}

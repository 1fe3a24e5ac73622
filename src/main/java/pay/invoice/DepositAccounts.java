package pay.invoice;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import pay.blc.BlcClient;
import pay.blc.BlcTransfer;
import pay.crypto.MasterSecret;

/**
 * Pay's side of the BLC server: the one-time deposit addresses. Their passwords are derived from the
 * master secret and stored nowhere, and every call here is safe to repeat.
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
     * Step 6c: sends the received coins to the seller (less the fee, to the fee address). Safe to repeat
     * after a crash: the deposit address's own transaction list on the BLC server is the record of what
     * already left, and only transfers missing from it are sent.
     */
    public Payout payOut(Invoice invoice) {
        Payout payout = Payout.of(invoice.received(), feePercent);
        List<BlcTransfer> alreadySent = new ArrayList<>();
        for (BlcTransfer transfer : blc.transactions(invoice.address(), password(invoice))) {
            if (transfer.from().equals(invoice.address()) && !transfer.to().equals(invoice.address())) {
                alreadySent.add(transfer);
            }
        }
        sendUnlessSent(invoice, invoice.payoutAddr(), payout.toSeller(), alreadySent);
        sendUnlessSent(invoice, feeAddress, payout.fee(), alreadySent);
        return payout;
    }

    private void sendUnlessSent(Invoice invoice, String to, long amount, List<BlcTransfer> alreadySent) {
        if (amount == 0) {
            return;
        }
        BlcTransfer planned = new BlcTransfer(to, amount, invoice.address());
        if (!alreadySent.remove(planned)) {
            blc.sendCoin(to, amount, invoice.address(), password(invoice));
        }
    }

    private String password(Invoice invoice) {
        return secret.derive("deposit", invoice.address());
    }
}

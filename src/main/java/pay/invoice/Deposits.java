package pay.invoice;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pay.blc.BlcTransfer;

/**
 * What the BLC server shows for a deposit address: its balance, the coins that came in and who sent them.
 * Coins that left (the payout) do not lower {@code received}.
 */
public record Deposits(long balance, long received, List<String> senders) {

    public Deposits {
        senders = List.copyOf(senders);
    }

    /** Reads a deposit address's {@code transactions} list: every transfer to it counts, in ledger order. */
    public static Deposits of(String address, long balance, List<BlcTransfer> transactions) {
        long received = 0;
        Map<String, Boolean> senders = new LinkedHashMap<>();
        for (BlcTransfer transfer : transactions) {
            if (transfer.to().equals(address) && !transfer.from().equals(address)) {
                received = Math.addExact(received, transfer.amount());
                senders.putIfAbsent(transfer.from(), Boolean.TRUE);
            }
        }
        return new Deposits(balance, received, new ArrayList<>(senders.keySet()));
    }
}

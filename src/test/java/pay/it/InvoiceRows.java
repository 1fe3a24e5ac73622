package pay.it;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Pay's invoices as an auditor sees them: through the admin command {@code pay invoices list} (a JVM start,
 * so for final audits), and through a read-only connection to its database (for polling, for a Pay that
 * hangs or lies dead, and for the payout totals the command does not list).
 */
final class InvoiceRows {

    /** One invoice row: what Pay durably knows about it. */
    record Row(String txnId, String state, String address, long price, long received, long paidOut, long fee) {
    }

    /** One line of {@code pay invoices list}. */
    record Listed(String txnId, String state, String status, long price, long received) {
    }

    private InvoiceRows() {
    }

    /** Every invoice as {@code pay invoices list} shows it, by txn_id. */
    static Map<String, Listed> list(Path workDir, PayData data) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("invoices", "list", "--limit", "100000"));
        command.addAll(data.commandOptions());
        PayProcess.Result result = PayProcess.command(workDir, command.toArray(String[]::new));
        if (result.exitCode() != 0) {
            throw new IllegalStateException("invoices list failed: " + result.stdout());
        }
        // A line of counts by state, the column titles, then one invoice a line.
        List<String> lines = result.stdout().lines().skip(2).toList();
        Map<String, Listed> listed = new LinkedHashMap<>();
        for (String line : lines) {
            String[] columns = line.strip().split("\\s+");
            listed.put(columns[0], new Listed(columns[0], columns[1], columns[2], Long.parseLong(columns[3]),
                    Long.parseLong(columns[4])));
        }
        return listed;
    }

    /** Every invoice in Pay's database, by txn_id. */
    static Map<String, Row> read(PayData data) {
        try (Connection connection = data.connect();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(
                     "SELECT txn_id, state, address, price, received, paid_out, fee FROM invoices")) {
            Map<String, Row> rows = new LinkedHashMap<>();
            while (rs.next()) {
                rows.put(rs.getString(1), new Row(rs.getString(1), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6), rs.getLong(7)));
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the invoices in " + data, e);
        }
    }
}

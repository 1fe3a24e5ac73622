package pay.it;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;
import org.sqlite.SQLiteConfig;
import pay.store.DatabaseSettings;

/**
 * Pay's invoices as its SQLite file holds them, read through a read-only connection, as an auditor reads
 * them while Pay runs, hangs or lies dead. Pay has no invoice-listing command to ask instead.
 */
final class InvoiceRows {

    /** One invoice row: what Pay durably knows about it. */
    record Row(String txnId, String state, String address, long price, long received, long paidOut, long fee) {
    }

    private InvoiceRows() {
    }

    /** Every invoice in the data folder's database, by txn_id. */
    static Map<String, Row> read(Path dataDir) {
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        config.setBusyTimeout(10_000);
        String url = "jdbc:sqlite:" + dataDir.resolve(DatabaseSettings.SQLITE_FILE_NAME);
        try (Connection connection = DriverManager.getConnection(url, config.toProperties());
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
            throw new IllegalStateException("cannot read the invoices in " + dataDir, e);
        }
    }
}

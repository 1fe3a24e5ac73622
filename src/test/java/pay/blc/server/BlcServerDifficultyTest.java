package pay.blc.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

import static org.assertj.core.api.Assertions.assertThat;
import static pay.blc.server.BlcTestSupport.address;
import static pay.blc.server.BlcTestSupport.mineCoin;
import static pay.blc.server.BlcTestSupport.mineWinningString;
import static pay.blc.server.BlcTestSupport.request;
import static pay.blc.server.BlcTestSupport.sha512Hex;

/** difficulty = total_coins // 205000 + base, reported by get_coin and enforced by check. */
class BlcServerDifficultyTest {

    private static final int BASE = 1;
    private static final String MINER = address("miner");

    @TempDir
    Path dir;

    @Test
    void difficultyRisesByOneWhenTheCoinCountReaches205000() throws SQLException {
        Path ledger = dir.resolve("ledger.db");
        BlcServerSettings settings = BlcServerSettings.embedded(ledger, BASE);
        try (BlcServer server = BlcServer.start(settings)) {
            new PythonStyleClient(server.port()).send(request("cmd", "register", "addr", MINER, "pwd", "pw"));
        }
        preloadCoins(ledger, 204_999);

        try (BlcServer server = BlcServer.start(settings)) {
            PythonStyleClient client = new PythonStyleClient(server.port());
            assertThat(client.send(request("cmd", "get_coin")))
                    .isEqualTo("{\"message\": null, \"payload\": {\"difficulty\": 1}, \"success\": true}");
            mineCoin(client, MINER, "coin-205000-", BASE);
            assertThat(client.send(request("cmd", "total_coins")))
                    .isEqualTo("{\"message\": null, \"payload\": {\"amount\": 205000}, \"success\": true}");
            assertThat(client.send(request("cmd", "get_coin")))
                    .isEqualTo("{\"message\": null, \"payload\": {\"difficulty\": 2}, \"success\": true}");

            String oneZeroOnly = oneLeadingZeroOnly();
            assertThat(client.send(request("cmd", "check", "winning_string", oneZeroOnly,
                    "winning_hash", sha512Hex(oneZeroOnly), "addr", MINER)))
                    .isEqualTo("{\"message\": \"Something went wrong\", \"payload\": null, \"success\": false}");
            mineCoin(client, MINER, "coin-205001-", 2);
        }
    }

    /** What many miners would have done before: coins held by MINER, the balance kept equal to them. */
    private static void preloadCoins(Path ledger, int coins) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + ledger)) {
            connection.setAutoCommit(false);
            try (PreparedStatement coin = connection.prepareStatement(
                    "INSERT INTO coins (hash, mined_by) VALUES (?, ?)")) {
                for (int i = 0; i < coins; i++) {
                    coin.setString(1, "preloaded-" + i);
                    coin.setString(2, MINER);
                    coin.addBatch();
                }
                coin.executeBatch();
            }
            try (PreparedStatement balance = connection.prepareStatement(
                    "UPDATE addresses SET balance = balance + ? WHERE addr = ?")) {
                balance.setLong(1, coins);
                balance.setString(2, MINER);
                assertThat(balance.executeUpdate()).isEqualTo(1);
            }
            connection.commit();
        }
    }

    private static String oneLeadingZeroOnly() {
        for (int attempt = 0; ; attempt++) {
            String candidate = mineWinningString("one-zero-" + attempt + "-", 1);
            if (!sha512Hex(candidate).startsWith("00")) {
                return candidate;
            }
        }
    }
}

package pay.blc.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static pay.blc.server.BlcTestSupport.address;
import static pay.blc.server.BlcTestSupport.mineCoin;
import static pay.blc.server.BlcTestSupport.mineWinningString;
import static pay.blc.server.BlcTestSupport.request;
import static pay.blc.server.BlcTestSupport.sha512Hex;

/** Everything a server answered before it stopped, a new server on the same file answers the same. */
class BlcServerRestartTest {

    private static final int DIFFICULTY = 1;
    private static final String ALICE = address("alice");
    private static final String BOB = address("bob");

    @TempDir
    Path dir;

    @Test
    void addressesBalancesTransactionsAndCoinsSurviveARestart() {
        Path ledger = dir.resolve("not/yet/there/ledger.db");
        BlcServerSettings settings = BlcServerSettings.embedded(ledger, DIFFICULTY);
        String winning = mineWinningString("restart-", DIFFICULTY);
        List<String> queries = List.of(
                request("cmd", "check_addr", "addr", ALICE),
                request("cmd", "check_addr", "addr", BOB),
                request("cmd", "my_coins", "addr", ALICE, "pwd", "a"),
                request("cmd", "my_coins", "addr", BOB, "pwd", "b"),
                request("cmd", "transactions", "addr", ALICE, "pwd", "a"),
                request("cmd", "transactions", "addr", BOB, "pwd", "b"),
                request("cmd", "total_coins"),
                request("cmd", "get_coin"));

        List<String> before;
        try (BlcServer first = BlcServer.start(settings)) {
            PythonStyleClient client = new PythonStyleClient(first.port());
            client.send(request("cmd", "register", "addr", ALICE, "pwd", "a"));
            client.send(request("cmd", "register", "addr", BOB, "pwd", "b"));
            for (int i = 0; i < 4; i++) {
                mineCoin(client, ALICE, "alice-" + i + "-", DIFFICULTY);
            }
            client.send(request("cmd", "check", "winning_string", winning, "winning_hash", sha512Hex(winning),
                    "addr", BOB));
            client.send(request("cmd", "send_coin", "amount", 3, "to", BOB, "addr", ALICE, "pwd", "a"));
            client.send(request("cmd", "send_coin", "amount", 1, "to", ALICE, "addr", BOB, "pwd", "b"));
            before = queries.stream().map(client::sendAndReadUntilClose).toList();
        }
        assertThat(before.get(0)).contains("\"amount\": 2");
        assertThat(before.get(6)).contains("\"amount\": 5");

        try (BlcServer second = BlcServer.start(settings)) {
            PythonStyleClient client = new PythonStyleClient(second.port());
            assertThat(queries.stream().map(client::sendAndReadUntilClose).toList()).isEqualTo(before);
            assertThat(client.send(request("cmd", "register", "addr", ALICE, "pwd", "other")))
                    .isEqualTo("{\"message\": \"That address already exists\", \"payload\": null, \"success\": false}");
            assertThat(client.send(request("cmd", "check", "winning_string", winning,
                    "winning_hash", sha512Hex(winning), "addr", ALICE)))
                    .isEqualTo("{\"message\": \"Something went wrong\", \"payload\": null, \"success\": false}");
        }
    }
}

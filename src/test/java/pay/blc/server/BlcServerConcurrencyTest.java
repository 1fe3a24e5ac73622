package pay.blc.server;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static pay.blc.server.BlcTestSupport.address;
import static pay.blc.server.BlcTestSupport.mineCoin;
import static pay.blc.server.BlcTestSupport.parse;
import static pay.blc.server.BlcTestSupport.request;

/** Many clients at once, each on its own connection as the Python clients were: no coin is made or lost. */
class BlcServerConcurrencyTest {

    private static final int DIFFICULTY = 1;
    private static final int CLIENTS = 50;
    private static final int TRANSFERS_PER_CLIENT = 20;
    private static final List<String> ACCOUNTS =
            List.of(address("ann"), address("ben"), address("cat"), address("dan"));
    private static final int COINS_EACH = 25;

    @TempDir
    Path dir;

    private BlcServer server;
    private PythonStyleClient client;
    private ExecutorService clients;

    @BeforeEach
    void start() {
        server = BlcServer.start(BlcServerSettings.embedded(dir.resolve("ledger.db"), DIFFICULTY));
        client = new PythonStyleClient(server.port());
        clients = Executors.newFixedThreadPool(CLIENTS);
    }

    @AfterEach
    void stop() throws InterruptedException {
        clients.shutdownNow();
        assertThat(clients.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        server.close();
    }

    private record Accepted(String from, String to, long amount) {
    }

    @Test
    void concurrentTransfersNeverOverdrawAndKeepEveryCoin() throws Exception {
        int coin = 0;
        for (String account : ACCOUNTS) {
            register(account);
            for (int i = 0; i < COINS_EACH; i++) {
                mineCoin(client, account, "coin" + coin++ + "-", DIFFICULTY);
            }
        }
        List<Callable<List<Accepted>>> work = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            Random random = new Random(c);
            work.add(() -> {
                List<Accepted> accepted = new ArrayList<>();
                for (int t = 0; t < TRANSFERS_PER_CLIENT; t++) {
                    String from = ACCOUNTS.get(random.nextInt(ACCOUNTS.size()));
                    String to = ACCOUNTS.get(random.nextInt(ACCOUNTS.size()));
                    int amount = 1 + random.nextInt(8);
                    JsonNode reply = parse(client.send(request("cmd", "send_coin", "amount", amount, "to", to,
                            "addr", from, "pwd", "pw-" + from)));
                    if (reply.path("success").asBoolean()) {
                        accepted.add(new Accepted(from, to, amount));
                    } else {
                        assertThat(reply.path("message").asText()).isEqualTo("You don't have enough coins");
                    }
                }
                return accepted;
            });
        }
        List<Accepted> accepted = new ArrayList<>();
        for (Future<List<Accepted>> result : clients.invokeAll(work, 2, TimeUnit.MINUTES)) {
            accepted.addAll(result.get());
        }

        Map<String, Long> expected = new HashMap<>();
        ACCOUNTS.forEach(account -> expected.put(account, (long) COINS_EACH));
        Map<String, Integer> expectedHistory = new HashMap<>();
        for (Accepted transfer : accepted) {
            expected.merge(transfer.from(), -transfer.amount(), Long::sum);
            expected.merge(transfer.to(), transfer.amount(), Long::sum);
            expectedHistory.merge(transfer.from(), 1, Integer::sum);
            expectedHistory.merge(transfer.to(), 1, Integer::sum);
        }
        long sum = 0;
        for (String account : ACCOUNTS) {
            long balance = parse(client.send(request("cmd", "check_addr", "addr", account)))
                    .path("payload").path("amount").asLong();
            assertThat(balance).as("balance of %s", account).isNotNegative().isEqualTo(expected.get(account));
            sum += balance;
            int history = parse(client.sendAndReadUntilClose(request("cmd", "transactions", "addr", account,
                    "pwd", "pw-" + account))).path("payload").path("transactions").size();
            assertThat(history).as("transactions of %s", account)
                    .isEqualTo(expectedHistory.getOrDefault(account, 0));
        }
        long totalCoins = parse(client.send(request("cmd", "total_coins"))).path("payload").path("amount").asLong();
        assertThat(totalCoins).isEqualTo((long) COINS_EACH * ACCOUNTS.size());
        assertThat(sum).isEqualTo(totalCoins);
        assertThat(accepted).as("some transfers went through").isNotEmpty();
    }

    @Test
    void aCoinSentByFiftyClientsAtOnceIsSpentOnce() throws Exception {
        String owner = ACCOUNTS.get(0);
        for (String account : ACCOUNTS) {
            register(account);
        }
        mineCoin(client, owner, "only-", DIFFICULTY);
        CyclicBarrier together = new CyclicBarrier(CLIENTS);
        List<Callable<Boolean>> spends = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            String to = ACCOUNTS.get(1 + c % (ACCOUNTS.size() - 1));
            spends.add(() -> {
                together.await(30, TimeUnit.SECONDS);
                return parse(client.send(request("cmd", "send_coin", "amount", 1, "to", to, "addr", owner,
                        "pwd", "pw-" + owner))).path("success").asBoolean();
            });
        }
        int successes = 0;
        for (Future<Boolean> spent : clients.invokeAll(spends, 2, TimeUnit.MINUTES)) {
            successes += spent.get() ? 1 : 0;
        }
        assertThat(successes).isEqualTo(1);
        long held = 0;
        for (String account : ACCOUNTS) {
            held += parse(client.send(request("cmd", "check_addr", "addr", account))).path("payload")
                    .path("amount").asLong();
        }
        assertThat(held).isEqualTo(1);
    }

    private void register(String account) {
        assertThat(parse(client.send(request("cmd", "register", "addr", account, "pwd", "pw-" + account)))
                .path("success").asBoolean()).isTrue();
    }
}

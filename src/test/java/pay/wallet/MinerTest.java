package pay.wallet;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import pay.blc.BlcClient;
import pay.blc.BlcRefusedException;
import pay.blc.BlcUnavailableException;
import pay.blc.RealBlcServer;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The miner against the real BLC server at difficulty 2. */
@Timeout(120) // a guard against hangs, not a speed assertion
class MinerTest {
    private static final int BASE_DIFFICULTY = 2;
    private static final String ADDR = "f".repeat(40);

    @RegisterExtension
    final RealBlcServer blc = new RealBlcServer(BASE_DIFFICULTY);

    private BlcClient client;

    @BeforeEach
    void connect() {
        client = blc.client();
    }

    @Test
    void minesTheRequestedCoinsAndTheServerCreditsEachToTheAddress() throws Exception {
        client.register(ADDR, "pw");
        List<MiningProgress> reports = new CopyOnWriteArrayList<>();

        List<MinedCoin> coins = new Miner(client, 2).mine(ADDR, 4, reports::add);

        assertThat(coins).hasSize(4).extracting(MinedCoin::hash).doesNotHaveDuplicates();
        for (MinedCoin coin : coins) {
            assertThat(coin.difficulty()).isEqualTo(BASE_DIFFICULTY);
            assertThat(coin.hash()).isEqualTo(sha512Hex(coin.winningString())).startsWith("00");
            assertThat(coin.winningString()).matches("[0-9A-Za-z]{8}[0-9]+");
        }
        assertThat(client.checkAddr(ADDR)).isEqualTo(4);
        assertThat(client.totalCoins()).isEqualTo(4);
        assertThat(reports).extracting(MiningProgress::coinsMined).isSorted().endsWith(4);
        assertThat(reports).allSatisfy(report -> assertThat(report.coinsWanted()).isEqualTo(4));
        assertThat(reports.get(reports.size() - 1).hashes()).isPositive();
    }

    @Test
    void theOneLineEntryPointMinesOnAllCores() throws Exception {
        client.register(ADDR, "pw");

        List<MinedCoin> coins = Miner.mine(client, ADDR, 2, progress -> { });

        assertThat(coins).hasSize(2);
        assertThat(client.checkAddr(ADDR)).isEqualTo(2);
    }

    @Test
    void theWorkersStopOnceMiningIsDone() throws Exception {
        client.register(ADDR, "pw");

        new Miner(client, 3).mine(ADDR, 1, progress -> { });

        await().atMost(Duration.ofSeconds(10)).until(() -> Thread.getAllStackTraces().keySet().stream()
                .noneMatch(thread -> thread.getName().equals("blc-miner")));
    }

    @Test
    void miningForAnUnregisteredAddressStopsWithTheServersRefusal() {
        assertThatThrownBy(() -> new Miner(client, 2).mine(ADDR, 3, progress -> { }))
                .isInstanceOf(BlcRefusedException.class)
                .hasMessage("Your address does not exist");
        assertThat(client.totalCoins()).isZero();
    }

    @Test
    void miningWithoutAServerIsUnavailable() {
        blc.stop();

        assertThatThrownBy(() -> new Miner(client, 1).mine(ADDR, 1, progress -> { }))
                .isInstanceOf(BlcUnavailableException.class)
                .hasMessageStartingWith("get_coin: cannot connect");
    }

    private static String sha512Hex(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}

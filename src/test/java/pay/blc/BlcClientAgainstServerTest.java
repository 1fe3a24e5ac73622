package pay.blc;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import pay.wallet.MinedCoin;
import pay.wallet.Miner;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Every client call against the real BLC server over TCP, on the happy path and on each refusal. */
@Timeout(60) // a guard against hangs, not a speed assertion
class BlcClientAgainstServerTest {
    private static final String ALICE = "alice-" + "0123456789abcdef".repeat(3).substring(0, 34);
    private static final String BOB = "bob-" + "0123456789abcdef".repeat(3).substring(0, 36);
    private static final String NOBODY = "nobody-" + "0123456789abcdef".repeat(3).substring(0, 33);

    @RegisterExtension
    final RealBlcServer blc = new RealBlcServer(1);

    private BlcClient client;

    @BeforeEach
    void connect() {
        client = blc.client();
    }

    private List<MinedCoin> mine(String addr, int coins) throws InterruptedException {
        return new Miner(client, 1).mine(addr, coins, progress -> { });
    }

    @Test
    void aRegisteredAddressStartsEmpty() {
        client.register(ALICE, "alice-pw");

        assertThat(client.myCoins(ALICE, "alice-pw")).isZero();
        assertThat(client.checkAddr(ALICE)).isZero();
        assertThat(client.transactions(ALICE, "alice-pw")).isEmpty();
    }

    @Test
    void registeringATakenAddressIsRefused() {
        client.register(ALICE, "alice-pw");

        assertThatThrownBy(() -> client.register(ALICE, "other-pw"))
                .isInstanceOfSatisfying(BlcRefusedException.class, e -> assertThat(e.command()).isEqualTo("register"))
                .hasMessage("That address already exists");
    }

    @Test
    void registeringAnAddressThatIsNotFortyCharactersIsRefused() {
        assertThatThrownBy(() -> client.register("PAY-SOME123TRANSACTION123ADDR", "pw"))
                .isInstanceOf(BlcRefusedException.class)
                .hasMessage("Registration unsuccessful");
    }

    @Test
    void aWrongPasswordIsRefusedByEveryCommandThatNeedsOne() {
        client.register(ALICE, "alice-pw");
        client.register(BOB, "bob-pw");

        for (Runnable call : List.<Runnable>of(
                () -> client.myCoins(ALICE, "wrong"),
                () -> client.transactions(ALICE, "wrong"),
                () -> client.sendCoin(BOB, 1, ALICE, "wrong"),
                () -> client.myCoins(NOBODY, "alice-pw"))) {
            assertThatThrownBy(call::run)
                    .isInstanceOf(BlcRefusedException.class)
                    .hasMessage("Your address or password was invalid");
        }
    }

    @Test
    void minedCoinsAreCreditedAndCountedInTheTotal() throws Exception {
        client.register(ALICE, "alice-pw");

        assertThat(client.difficulty()).isEqualTo(1);
        List<MinedCoin> coins = mine(ALICE, 3);

        assertThat(coins).hasSize(3);
        assertThat(client.myCoins(ALICE, "alice-pw")).isEqualTo(3);
        assertThat(client.checkAddr(ALICE)).isEqualTo(3);
        assertThat(client.totalCoins()).isEqualTo(3);
    }

    @Test
    void aCoinIsRefusedForAnUnknownAddressAWrongHashOrASecondTime() throws Exception {
        client.register(ALICE, "alice-pw");
        MinedCoin coin = mine(ALICE, 1).get(0);

        assertThatThrownBy(() -> client.check(coin.winningString(), coin.hash(), NOBODY))
                .isInstanceOf(BlcRefusedException.class)
                .hasMessage("Your address does not exist");
        assertThatThrownBy(() -> client.check(coin.winningString() + "x", coin.hash(), ALICE))
                .isInstanceOf(BlcRefusedException.class)
                .hasMessage("Something went wrong");
        assertThatThrownBy(() -> client.check(coin.winningString(), coin.hash(), ALICE))
                .isInstanceOf(BlcRefusedException.class)
                .hasMessage("Something went wrong");
        assertThat(client.checkAddr(ALICE)).isEqualTo(1);
    }

    @Test
    void sendingCoinsMovesThemAndBothSidesSeeTheTransfer() throws Exception {
        client.register(ALICE, "alice-pw");
        client.register(BOB, "bob-pw");
        mine(ALICE, 3);
        mine(BOB, 1);

        BlcTransfer toBob = client.sendCoin(BOB, 2, ALICE, "alice-pw");
        BlcTransfer toAlice = client.sendCoin(ALICE, 1, BOB, "bob-pw");

        assertThat(toBob).isEqualTo(new BlcTransfer(BOB, 2, ALICE));
        assertThat(client.checkAddr(ALICE)).isEqualTo(2);
        assertThat(client.checkAddr(BOB)).isEqualTo(2);
        // Received first, then sent.
        assertThat(client.transactions(ALICE, "alice-pw")).containsExactly(toAlice, toBob);
        assertThat(client.transactions(BOB, "bob-pw")).containsExactly(toBob, toAlice);
    }

    @Test
    void sendingToAnUnknownRecipientNothingOrTooMuchIsRefused() throws Exception {
        client.register(ALICE, "alice-pw");
        client.register(BOB, "bob-pw");
        mine(ALICE, 1);

        assertThatThrownBy(() -> client.sendCoin(NOBODY, 1, ALICE, "alice-pw"))
                .isInstanceOf(BlcRefusedException.class).hasMessage("The given recipient does not exist");
        assertThatThrownBy(() -> client.sendCoin(BOB, 0, ALICE, "alice-pw"))
                .isInstanceOf(BlcRefusedException.class).hasMessage("Amount must be one or more");
        assertThatThrownBy(() -> client.sendCoin(BOB, 2, ALICE, "alice-pw"))
                .isInstanceOf(BlcRefusedException.class).hasMessage("You don't have enough coins");
        assertThat(client.checkAddr(ALICE)).isEqualTo(1);
        assertThat(client.checkAddr(BOB)).isZero();
    }

    @Test
    void oneClientSharedByManyThreadsSpendsEachCoinOnce() throws Exception {
        client.register(ALICE, "alice-pw");
        client.register(BOB, "bob-pw");
        mine(ALICE, 5);
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Callable<String>> sends = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            sends.add(() -> {
                try {
                    client.sendCoin(BOB, 1, ALICE, "alice-pw");
                    return "sent";
                } catch (BlcRefusedException e) {
                    return e.getMessage();
                }
            });
        }
        List<String> outcomes = new ArrayList<>();
        try {
            for (Future<String> outcome : pool.invokeAll(sends)) {
                outcomes.add(outcome.get());
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(outcomes).filteredOn("sent"::equals).hasSize(5);
        assertThat(outcomes).filteredOn("You don't have enough coins"::equals).hasSize(7);
        assertThat(client.checkAddr(ALICE)).isZero();
        assertThat(client.checkAddr(BOB)).isEqualTo(5);
        assertThat(client.transactions(BOB, "bob-pw")).hasSize(5);
    }

    @Test
    void aStoppedServerIsUnavailableAndTheCallCertainlyDidNotHappen() {
        blc.stop();

        assertThatThrownBy(client::totalCoins)
                .isInstanceOfSatisfying(BlcUnavailableException.class, e -> assertThat(e.outcomeUnknown()).isFalse())
                .hasMessageStartingWith("total_coins: cannot connect: ");
    }
}

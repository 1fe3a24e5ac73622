package pay.blc;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The client against scripted misbehaving servers on real local sockets. */
@Timeout(30) // a guard against hangs, not a speed assertion
class BlcClientTest {
    private static final String ADDR = "a".repeat(40);
    private static final String PASSWORD = "correct horse battery staple";
    private static final Duration GENEROUS = Duration.ofSeconds(10);

    @Test
    void sendCoinWritesTheSingularCommandWithEveryFieldInOneJsonObject() throws Exception {
        String reply = "{\"message\": null, \"payload\": {\"to\": \"" + "b".repeat(40) + "\", \"amount\": 5, \"from\": \""
                + ADDR + "\"}, \"success\": true}";
        try (ScriptedBlcServer server = ScriptedBlcServer.replying(reply)) {
            BlcTransfer transfer = server.client(GENEROUS).sendCoin("b".repeat(40), 5, ADDR, PASSWORD);

            assertThat(transfer).isEqualTo(new BlcTransfer("b".repeat(40), 5, ADDR));
            JsonNode request = server.requests().get(0);
            assertThat(request.get("cmd").textValue()).isEqualTo("send_coin");
            assertThat(request.get("amount").longValue()).isEqualTo(5);
            assertThat(request.get("to").textValue()).isEqualTo("b".repeat(40));
            assertThat(request.get("addr").textValue()).isEqualTo(ADDR);
            assertThat(request.get("pwd").textValue()).isEqualTo(PASSWORD);
        }
    }

    @Test
    void nonAsciiRequestTextIsSentAsAsciiEscapesLikePythonClientsDid() throws Exception {
        try (ScriptedBlcServer server = ScriptedBlcServer.replying("{\"message\": null, \"payload\": {\"addr\": \"x\"}, \"success\": true}")) {
            server.client(GENEROUS).register(ADDR, "pässwörd");

            assertThat(server.requests().get(0).get("pwd").textValue()).isEqualTo("pässwörd");
        }
    }

    @Test
    void aReplyIsUsedAsSoonAsItsJsonObjectIsCompleteEvenIfTheServerKeepsTheConnectionOpen() throws Exception {
        try (ScriptedBlcServer server = ScriptedBlcServer.replyingWithoutClosing(
                "{\"message\": null, \"payload\": {\"amount\": 12, \"addr\": \"" + ADDR + "\"}, \"success\": true}")) {
            assertThat(server.client(GENEROUS).checkAddr(ADDR)).isEqualTo(12);
        }
    }

    @Test
    void transactionsAreReadUntilTheServerCloses() throws Exception {
        try (ScriptedBlcServer server = ScriptedBlcServer.replyingWithoutClosing(
                "{\"message\": null, \"payload\": {\"transactions\": []}, \"success\": true}")) {
            assertThatThrownBy(() -> server.client(Duration.ofMillis(300)).transactions(ADDR, PASSWORD))
                    .isInstanceOf(BlcUnavailableException.class)
                    .hasMessage("transactions: no complete reply within 300 ms");
        }
    }

    @Test
    void aServerThatNeverAnswersCostsOneReadTimeoutAndIsUnavailableWithAnUnknownOutcome() throws Exception {
        try (ScriptedBlcServer server = ScriptedBlcServer.silent()) {
            assertThatThrownBy(() -> server.client(Duration.ofMillis(200)).sendCoin("b".repeat(40), 1, ADDR, PASSWORD))
                    .isInstanceOfSatisfying(BlcUnavailableException.class,
                            e -> assertThat(e.outcomeUnknown()).isTrue())
                    .hasMessage("send_coin: no complete reply within 200 ms");
        }
    }

    @Test
    void aServerTricklingItsReplyCannotHoldTheCallerPastTheReadTimeout() throws Exception {
        String reply = "{\"message\": null, \"payload\": {\"difficulty\": 7}, \"success\": true}";
        try (ScriptedBlcServer server = ScriptedBlcServer.trickling(reply, Duration.ofMillis(50))) {
            // Each byte comes well within 300 ms, but the whole reply would take about 3 s.
            assertThatThrownBy(() -> server.client(Duration.ofMillis(300)).difficulty())
                    .isInstanceOf(BlcUnavailableException.class)
                    .hasMessage("get_coin: no complete reply within 300 ms");
        }
    }

    @Test
    void aClosedPortIsUnavailableAndCertainlyNotCarriedOut() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        BlcClient client = new BlcClient("127.0.0.1", closedPort, Duration.ofSeconds(2), GENEROUS);

        assertThatThrownBy(() -> client.sendCoin("b".repeat(40), 1, ADDR, PASSWORD))
                .isInstanceOfSatisfying(BlcUnavailableException.class, e -> {
                    assertThat(e.outcomeUnknown()).isFalse();
                    assertThat(e.command()).isEqualTo("send_coin");
                })
                .hasMessageStartingWith("send_coin: cannot connect: ");
    }

    @Test
    void anUnknownHostIsUnavailable() {
        BlcClient client = new BlcClient("no-such-host.invalid", 3122, Duration.ofSeconds(2), GENEROUS);

        assertThatThrownBy(client::totalCoins)
                .isInstanceOf(BlcUnavailableException.class)
                .hasMessage("total_coins: unknown host no-such-host.invalid");
    }

    @Test
    void aConnectionClosedWithoutAReplyIsUnavailable() throws Exception {
        try (ScriptedBlcServer server = ScriptedBlcServer.replying("")) {
            assertThatThrownBy(() -> server.client(GENEROUS).myCoins(ADDR, PASSWORD))
                    .isInstanceOf(BlcUnavailableException.class)
                    .hasMessage("my_coins: the server closed the connection without a reply");
        }
    }

    @Test
    void anOrdinaryReplyLongerThanTheProtocolAllowsIsAbandoned() throws Exception {
        String reply = "{\"message\": null, \"payload\": {\"amount\": 1, \"addr\": \"" + "x".repeat(1000) + "\"}, \"success\": true}";
        try (ScriptedBlcServer server = ScriptedBlcServer.replying(reply)) {
            assertThatThrownBy(() -> server.client(GENEROUS).checkAddr(ADDR))
                    .isInstanceOf(BlcUnavailableException.class)
                    .hasMessage("check_addr: reply is longer than 1024 bytes");
        }
    }

    @Test
    void aTransactionsReplyIsBoundedByItsOwnConfigurableCap() throws Exception {
        StringBuilder items = new StringBuilder();
        for (int i = 0; i < 100; i++) {
            items.append(i == 0 ? "" : ", ").append("{\"to\": \"").append(ADDR).append("\", \"amount\": 1, \"from\": \"")
                    .append("c".repeat(40)).append("\"}");
        }
        String reply = "{\"message\": null, \"payload\": {\"transactions\": [" + items + "]}, \"success\": true}";
        try (ScriptedBlcServer server = ScriptedBlcServer.replying(reply)) {
            BlcClient roomy = new BlcClient("127.0.0.1", server.port(), GENEROUS, GENEROUS, reply.length());
            BlcClient tight = new BlcClient("127.0.0.1", server.port(), GENEROUS, GENEROUS, reply.length() - 1);

            assertThat(roomy.transactions(ADDR, PASSWORD)).hasSize(100)
                    .allSatisfy(t -> assertThat(t).isEqualTo(new BlcTransfer(ADDR, 1, "c".repeat(40))));
            assertThatThrownBy(() -> tight.transactions(ADDR, PASSWORD))
                    .isInstanceOf(BlcUnavailableException.class)
                    .hasMessage("transactions: reply is longer than " + (reply.length() - 1) + " bytes");
        }
    }

    @Test
    void aRefusalCarriesTheServersMessage() throws Exception {
        try (ScriptedBlcServer server = ScriptedBlcServer.replying(
                "{\"message\": \"You don't have enough coins\", \"payload\": null, \"success\": false}")) {
            assertThatThrownBy(() -> server.client(GENEROUS).sendCoin("b".repeat(40), 99, ADDR, PASSWORD))
                    .isInstanceOfSatisfying(BlcRefusedException.class, e -> assertThat(e.command()).isEqualTo("send_coin"))
                    .hasMessage("You don't have enough coins");
        }
    }

    @Test
    void theParseErrorReplyThatEchoesTheRequestDoesNotLeakThePasswordIntoTheException() throws Exception {
        String echo = "{\"message\": \"Unable to parse JSON request\", \"payload\": {\"request\": \"{\\\"pwd\\\": \\\""
                + PASSWORD + "\\\"\"}, \"success\": false}";
        try (ScriptedBlcServer server = ScriptedBlcServer.replying(echo)) {
            assertThatThrownBy(() -> server.client(GENEROUS).myCoins(ADDR, PASSWORD))
                    .isInstanceOf(BlcRefusedException.class)
                    .hasMessage("Unable to parse JSON request");
        }
    }

    @Test
    void garbageThatQuotesThePasswordDoesNotLeakItIntoTheException() throws Exception {
        try (ScriptedBlcServer server = ScriptedBlcServer.replying("{\"oops " + PASSWORD + " ]]")) {
            assertThatThrownBy(() -> server.client(GENEROUS).myCoins(ADDR, PASSWORD))
                    .isInstanceOf(BlcUnavailableException.class)
                    .hasMessage("my_coins: reply is not complete, valid JSON")
                    .hasNoCause();
        }
    }

    @Test
    void aRequestLongerThanServersReadIsRejectedBeforeConnecting() {
        BlcClient client = new BlcClient("127.0.0.1", 9, GENEROUS, GENEROUS);

        assertThatThrownBy(() -> client.myCoins(ADDR, "p".repeat(1000)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("my_coins request is ")
                .hasMessageNotContaining("ppp");
    }

    @Test
    void oneClientServesManyThreadsAtOnce() throws Exception {
        try (ScriptedBlcServer server = ScriptedBlcServer.replying(
                "{\"message\": null, \"payload\": {\"amount\": 7, \"addr\": \"" + ADDR + "\"}, \"success\": true}")) {
            BlcClient client = server.client(GENEROUS);
            ExecutorService pool = Executors.newFixedThreadPool(8);
            try {
                List<Callable<Long>> calls = new ArrayList<>();
                for (int i = 0; i < 64; i++) {
                    calls.add(() -> client.checkAddr(ADDR));
                }
                for (Future<Long> balance : pool.invokeAll(calls)) {
                    assertThat(balance.get()).isEqualTo(7);
                }
            } finally {
                pool.shutdownNow();
            }
            assertThat(server.requests()).hasSize(64);
        }
    }

    @Test
    void parseReadsHostAndPortIncludingIpv6AndTheDefaultPort() {
        Duration second = Duration.ofSeconds(1);

        assertThat(BlcClient.parse("blc.example:4000", second, second).endpoint()).isEqualTo("blc.example:4000");
        assertThat(BlcClient.parse("[::1]:3122", second, second).endpoint()).isEqualTo("[::1]:3122");
        assertThat(BlcClient.parse("blc.example", second, second).endpoint()).isEqualTo("blc.example:3122");
        assertThat(new BlcClient("::1", 3122, second, second).endpoint()).isEqualTo("[::1]:3122");
    }

    @Test
    void parseRejectsWhatIsNotHostAndPort() {
        Duration second = Duration.ofSeconds(1);
        for (String bad : List.of("", "host:port", "host:70000", "user@host:1", "host:1/path", ":3122")) {
            assertThatThrownBy(() -> BlcClient.parse(bad, second, second))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}

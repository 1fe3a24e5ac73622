package pay.blc.server;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.UncheckedIOException;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static pay.blc.server.BlcTestSupport.address;
import static pay.blc.server.BlcTestSupport.losingString;
import static pay.blc.server.BlcTestSupport.mineCoin;
import static pay.blc.server.BlcTestSupport.mineWinningString;
import static pay.blc.server.BlcTestSupport.request;
import static pay.blc.server.BlcTestSupport.sha256Hex;
import static pay.blc.server.BlcTestSupport.sha512Hex;

/**
 * The protocol of planning/blc-server.md and /work/shared/blc-protocol.md, driven over real TCP exactly as the
 * Python clients drove the reference server, with whole reply bytes compared.
 */
class BlcServerConformanceTest {

    private static final int BASE_DIFFICULTY = 1;
    private static final String ALICE = address("alice");
    private static final String BOB = address("bob");
    private static final String NOBODY = address("nobody");
    private static final String INVALID = "{\"message\": \"Your address or password was invalid\", \"payload\": null, "
            + "\"success\": false}";

    @TempDir
    Path dir;

    private BlcServer server;
    private PythonStyleClient client;
    private int minedCoins;

    @BeforeEach
    void startServer() {
        server = BlcServer.start(BlcServerSettings.embedded(dir.resolve("ledger.db"), BASE_DIFFICULTY)
                .withIdleTimeout(Duration.ofSeconds(60)));
        client = new PythonStyleClient(server.port());
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    private static String failure(String message) {
        return "{\"message\": \"" + message + "\", \"payload\": null, \"success\": false}";
    }

    private static String success(String payload) {
        return "{\"message\": null, \"payload\": " + payload + ", \"success\": true}";
    }

    private void register(String addr, String pwd) {
        assertThat(client.send(request("cmd", "register", "addr", addr, "pwd", pwd)))
                .isEqualTo(success("{\"addr\": \"" + addr + "\"}"));
    }

    private void mineCoins(String addr, int coins) {
        for (int i = 0; i < coins; i++) {
            mineCoin(client, addr, "coin" + minedCoins++ + "-", BASE_DIFFICULTY);
        }
    }

    @Nested
    class Register {
        @Test
        void aFortyCharacterAddressIsRegisteredAndEchoed() {
            assertThat(client.send("{\"cmd\": \"register\", \"addr\": \"" + ALICE + "\", \"pwd\": \"secret\"}"))
                    .isEqualTo("{\"message\": null, \"payload\": {\"addr\": \"" + ALICE + "\"}, \"success\": true}");
        }

        @ParameterizedTest
        @ValueSource(ints = {0, 39, 41})
        void anAddressThatIsNotFortyCharactersLongIsRefused(int length) {
            assertThat(client.send(request("cmd", "register", "addr", "a".repeat(length), "pwd", "pw")))
                    .isEqualTo(failure("Registration unsuccessful"));
        }

        @Test
        void aTakenAddressIsRefused() {
            register(ALICE, "first");
            assertThat(client.send(request("cmd", "register", "addr", ALICE, "pwd", "second")))
                    .isEqualTo(failure("That address already exists"));
        }

        @Test
        void lengthIsCheckedBeforeTheAddressIsLookedUp() {
            register(ALICE, "first");
            assertThat(client.send(request("cmd", "register", "addr", ALICE + "x", "pwd", "pw")))
                    .isEqualTo(failure("Registration unsuccessful"));
        }

        @Test
        void addressLengthCountsCharactersNotUtf16UnitsAndTheEchoIsAsciiEscaped() {
            String emojiAddress = "\uD83D\uDE00".repeat(40);
            assertThat(client.send(request("cmd", "register", "addr", emojiAddress, "pwd", "pw")))
                    .isEqualTo(success("{\"addr\": \"" + "\\ud83d\\ude00".repeat(40) + "\"}"));
        }

        @Test
        void addressesAreComparedExactly() {
            register(ALICE.toLowerCase(), "pw");
            register(ALICE.toUpperCase(), "pw");
        }

        @Test
        void aNonStringAddressIsRefused() {
            assertThat(client.send("{\"cmd\": \"register\", \"addr\": 1234567890123456789012345678901234567890, "
                    + "\"pwd\": \"pw\"}")).isEqualTo(failure("Registration unsuccessful"));
        }
    }

    @Nested
    class CheckAddr {
        @Test
        void anUnregisteredAddressHoldsNothing() {
            assertThat(client.send(request("cmd", "check_addr", "addr", NOBODY)))
                    .isEqualTo(success("{\"amount\": 0, \"addr\": \"" + NOBODY + "\"}"));
        }

        @Test
        void reportsTheBalanceWithAmountBeforeAddr() {
            register(ALICE, "pw");
            mineCoins(ALICE, 3);
            assertThat(client.send(request("cmd", "check_addr", "addr", ALICE)))
                    .isEqualTo(success("{\"amount\": 3, \"addr\": \"" + ALICE + "\"}"));
        }

        @Test
        void aNonStringAddressHoldsNothingAndIsEchoedAsGiven() {
            assertThat(client.send("{\"cmd\": \"check_addr\", \"addr\": [5, null]}"))
                    .isEqualTo(success("{\"amount\": 0, \"addr\": [5, null]}"));
        }

        @Test
        void needsNoPasswordAndAnEmptyAddressIsPresentEnough() {
            assertThat(client.send("{\"cmd\": \"check_addr\", \"addr\": \"\"}"))
                    .isEqualTo(success("{\"amount\": 0, \"addr\": \"\"}"));
        }
    }

    @Nested
    class MyCoins {
        @Test
        void reportsTheBalanceToTheOwner() {
            register(ALICE, "pw");
            mineCoins(ALICE, 2);
            assertThat(client.send(request("cmd", "my_coins", "addr", ALICE, "pwd", "pw")))
                    .isEqualTo(success("{\"amount\": 2}"));
        }

        @Test
        void aWrongPasswordOrUnknownAddressIsInvalid() {
            register(ALICE, "pw");
            assertThat(client.send(request("cmd", "my_coins", "addr", ALICE, "pwd", "wrong"))).isEqualTo(INVALID);
            assertThat(client.send(request("cmd", "my_coins", "addr", NOBODY, "pwd", "pw"))).isEqualTo(INVALID);
        }

        @Test
        void anEmptyPasswordIsPresentButWrong() {
            register(ALICE, "pw");
            assertThat(client.send(request("cmd", "my_coins", "addr", ALICE, "pwd", ""))).isEqualTo(INVALID);
        }

        @Test
        void thePreHashedPasswordIsEquivalentToThePassword() {
            register(ALICE, "pw");
            assertThat(client.send(request("cmd", "my_coins", "addr", ALICE, "pwd", sha256Hex("pw"),
                    "x-pre-hashed", true))).isEqualTo(success("{\"amount\": 0}"));
        }

        @Test
        void xPreHashedCountsByPresenceWhateverItsValue() {
            register(ALICE, "pw");
            assertThat(client.send(request("cmd", "my_coins", "addr", ALICE, "pwd", sha256Hex("pw"),
                    "x-pre-hashed", false))).isEqualTo(success("{\"amount\": 0}"));
            assertThat(client.send(request("cmd", "my_coins", "addr", ALICE, "pwd", "pw", "x-pre-hashed", null)))
                    .isEqualTo(INVALID);
        }

        @Test
        void anAccountRegisteredPreHashedOpensWithThePlainPassword() {
            register(ALICE, "ignored");
            assertThat(client.send(request("cmd", "register", "addr", BOB, "pwd", sha256Hex("pw"),
                    "x-pre-hashed", 1))).isEqualTo(success("{\"addr\": \"" + BOB + "\"}"));
            assertThat(client.send(request("cmd", "my_coins", "addr", BOB, "pwd", "pw")))
                    .isEqualTo(success("{\"amount\": 0}"));
        }
    }

    @Nested
    class Passwords {
        @Test
        void aNonAsciiPasswordCannotBeDecoded() {
            register(ALICE, "pw");
            assertThat(client.send(request("cmd", "my_coins", "addr", ALICE, "pwd", "p\u00e9")))
                    .isEqualTo(failure("Unable to decode request JSON"));
        }

        @Test
        void thePasswordIsHashedBeforeRequiredKeysAreChecked() {
            assertThat(client.send(request("cmd", "send_coin", "pwd", "\u00e9")))
                    .isEqualTo(failure("Unable to decode request JSON"));
        }

        @Test
        void anyCommandCarryingANonAsciiPasswordFails() {
            assertThat(client.send(request("cmd", "get_coin", "pwd", "\u00e9")))
                    .isEqualTo(failure("Unable to decode request JSON"));
        }

        @Test
        void aPreHashedNonAsciiPasswordIsNotHashedSoIsMerelyWrong() {
            register(ALICE, "pw");
            assertThat(client.send(request("cmd", "my_coins", "addr", ALICE, "pwd", "\u00e9", "x-pre-hashed", 1)))
                    .isEqualTo(INVALID);
        }

        @Test
        void theLedgerNeverHoldsThePasswordOrWhatAClientCouldReplay() throws Exception {
            register(ALICE, "hunter2-secret");
            server.close();
            byte[] ledger = java.nio.file.Files.readAllBytes(dir.resolve("ledger.db"));
            String raw = new String(ledger, StandardCharsets.ISO_8859_1);
            assertThat(raw).doesNotContain("hunter2-secret").doesNotContain(sha256Hex("hunter2-secret"));
        }
    }

    @Nested
    class Transactions {
        @Test
        void listsReceivedThenSentEachOldestFirstAndASendToOneselfTwice() {
            register(ALICE, "a");
            register(BOB, "b");
            mineCoins(ALICE, 5);
            mineCoins(BOB, 5);
            sendCoin(ALICE, "a", BOB, 1);
            sendCoin(BOB, "b", ALICE, 2);
            sendCoin(ALICE, "a", ALICE, 3);
            sendCoin(BOB, "b", ALICE, 4);
            String item = "{\"to\": \"%s\", \"amount\": %d, \"from\": \"%s\"}";
            assertThat(client.sendAndReadUntilClose(request("cmd", "transactions", "addr", ALICE, "pwd", "a")))
                    .isEqualTo(success("{\"transactions\": ["
                            + String.format(item, ALICE, 2, BOB) + ", "
                            + String.format(item, ALICE, 3, ALICE) + ", "
                            + String.format(item, ALICE, 4, BOB) + ", "
                            + String.format(item, BOB, 1, ALICE) + ", "
                            + String.format(item, ALICE, 3, ALICE) + "]}"));
        }

        @Test
        void noTransfersIsAnEmptyList() {
            register(ALICE, "a");
            assertThat(client.sendAndReadUntilClose(request("cmd", "transactions", "addr", ALICE, "pwd", "a")))
                    .isEqualTo(success("{\"transactions\": []}"));
        }

        @Test
        void needTheOwnersPassword() {
            register(ALICE, "a");
            assertThat(client.sendAndReadUntilClose(request("cmd", "transactions", "addr", ALICE, "pwd", "b")))
                    .isEqualTo(INVALID);
        }

        @Test
        void aLongHistoryExceedsOneRecvAndArrivesWhole() {
            register(ALICE, "a");
            register(BOB, "b");
            mineCoins(ALICE, 1);
            for (int i = 0; i < 40; i++) {
                sendCoin(ALICE, "a", BOB, 1);
                sendCoin(BOB, "b", ALICE, 1);
            }
            String reply = client.sendAndReadUntilClose(request("cmd", "transactions", "addr", ALICE, "pwd", "a"));
            assertThat(reply.length()).isGreaterThan(1024);
            assertThat(BlcTestSupport.parse(reply).path("payload").path("transactions").size()).isEqualTo(80);
        }
    }

    private void sendCoin(String from, String pwd, String to, int amount) {
        assertThat(client.send(request("cmd", "send_coin", "amount", amount, "to", to, "addr", from, "pwd", pwd)))
                .isEqualTo(success("{\"to\": \"" + to + "\", \"amount\": " + amount + ", \"from\": \"" + from + "\"}"));
    }

    @Nested
    class SendCoin {
        @BeforeEach
        void twoAccountsAliceWithThreeCoins() {
            register(ALICE, "a");
            register(BOB, "b");
            mineCoins(ALICE, 3);
        }

        private String send(Object amount, String to, String pwd) {
            return client.send(request("cmd", "send_coin", "amount", amount, "to", to, "addr", ALICE, "pwd", pwd));
        }

        @Test
        void movesCoinsAndRepliesToAmountFrom() {
            assertThat(send(2, BOB, "a")).isEqualTo(
                    success("{\"to\": \"" + BOB + "\", \"amount\": 2, \"from\": \"" + ALICE + "\"}"));
            assertThat(client.send(request("cmd", "check_addr", "addr", ALICE)))
                    .isEqualTo(success("{\"amount\": 1, \"addr\": \"" + ALICE + "\"}"));
            assertThat(client.send(request("cmd", "check_addr", "addr", BOB)))
                    .isEqualTo(success("{\"amount\": 2, \"addr\": \"" + BOB + "\"}"));
        }

        @Test
        void aBadPasswordComesBeforeAnUnknownRecipient() {
            assertThat(send(1, NOBODY, "wrong")).isEqualTo(INVALID);
        }

        @Test
        void anUnknownRecipientComesBeforeABadAmount() {
            assertThat(send(0, NOBODY, "a")).isEqualTo(failure("The given recipient does not exist"));
        }

        @Test
        void aNonPositiveAmountComesBeforeTheBalance() {
            assertThat(send(0, BOB, "a")).isEqualTo(failure("Amount must be one or more"));
            assertThat(send(-5, BOB, "a")).isEqualTo(failure("Amount must be one or more"));
        }

        @Test
        void moreThanTheBalanceIsRefusedAndNothingMoves() {
            assertThat(send(4, BOB, "a")).isEqualTo(failure("You don't have enough coins"));
            assertThat(client.send(request("cmd", "check_addr", "addr", ALICE)))
                    .isEqualTo(success("{\"amount\": 3, \"addr\": \"" + ALICE + "\"}"));
        }

        @Test
        void nullAndFalseCompareBelowZeroAsInPython() {
            assertThat(send(null, BOB, "a")).isEqualTo(failure("Amount must be one or more"));
            assertThat(send(false, BOB, "a")).isEqualTo(failure("Amount must be one or more"));
        }

        @Test
        void stringsArraysAndObjectsCompareAboveAnyBalanceAsInPython() {
            assertThat(send("1", BOB, "a")).isEqualTo(failure("You don't have enough coins"));
            assertThat(send(new int[] {1}, BOB, "a")).isEqualTo(failure("You don't have enough coins"));
            assertThat(client.send("{\"cmd\": \"send_coin\", \"amount\": {}, \"to\": \"" + BOB + "\", \"addr\": \""
                    + ALICE + "\", \"pwd\": \"a\"}")).isEqualTo(failure("You don't have enough coins"));
        }

        @Test
        void aHugeAmountIsSimplyMoreThanTheBalance() {
            assertThat(client.send("{\"cmd\": \"send_coin\", \"amount\": 100000000000000000000000000000000, "
                    + "\"to\": \"" + BOB + "\", \"addr\": \"" + ALICE + "\", \"pwd\": \"a\"}"))
                    .isEqualTo(failure("You don't have enough coins"));
        }

        @Test
        void aFractionalOrFloatAmountWithinTheBalanceIsRefusedAsNotWhole() {
            assertThat(send(1.5, BOB, "a")).isEqualTo(failure("Amount must be a whole number"));
            assertThat(send(2.0, BOB, "a")).isEqualTo(failure("Amount must be a whole number"));
            assertThat(send(true, BOB, "a")).isEqualTo(failure("Amount must be a whole number"));
            assertThat(send(3.5, BOB, "a")).isEqualTo(failure("You don't have enough coins"));
            assertThat(client.send(request("cmd", "check_addr", "addr", ALICE)))
                    .isEqualTo(success("{\"amount\": 3, \"addr\": \"" + ALICE + "\"}"));
        }

        @Test
        void requiredKeysAreReportedInTheCommandsOrder() {
            assertThat(client.send(request("cmd", "send_coin", "addr", ALICE)))
                    .isEqualTo(failure("Missing keys: amount, to, pwd"));
        }

        @Test
        void sendCoinsIsAnAliasOfSendCoin() {
            assertThat(client.send(request("cmd", "send_coins", "amount", 1, "to", BOB, "addr", ALICE, "pwd", "a")))
                    .isEqualTo(success("{\"to\": \"" + BOB + "\", \"amount\": 1, \"from\": \"" + ALICE + "\"}"));
        }
    }

    @Nested
    class Mining {
        @BeforeEach
        void aliceIsRegistered() {
            register(ALICE, "a");
        }

        private String check(String winningString, String winningHash, String addr) {
            return client.send(request("cmd", "check", "winning_string", winningString, "winning_hash", winningHash,
                    "addr", addr));
        }

        @Test
        void aValidHashEarnsOneCoinOnce() {
            String winning = mineWinningString("alice-", BASE_DIFFICULTY);
            String hash = sha512Hex(winning);
            assertThat(check(winning, hash, ALICE)).isEqualTo(success("{\"hash\": \"" + hash + "\"}"));
            assertThat(check(winning, hash, ALICE)).isEqualTo(failure("Something went wrong"));
            assertThat(client.send(request("cmd", "total_coins"))).isEqualTo(success("{\"amount\": 1}"));
            assertThat(client.send(request("cmd", "check_addr", "addr", ALICE)))
                    .isEqualTo(success("{\"amount\": 1, \"addr\": \"" + ALICE + "\"}"));
        }

        @Test
        void anUnregisteredAddressComesFirst() {
            assertThat(check("whatever", "not a hash", NOBODY)).isEqualTo(failure("Your address does not exist"));
        }

        @Test
        void aHashThatIsNotTheStringsSha512IsRefused() {
            String winning = mineWinningString("alice-", BASE_DIFFICULTY);
            String other = mineWinningString("other-", BASE_DIFFICULTY);
            assertThat(check(winning, sha512Hex(other), ALICE)).isEqualTo(failure("Something went wrong"));
            assertThat(check(winning, sha512Hex(winning).toUpperCase(), ALICE))
                    .isEqualTo(failure("Something went wrong"));
        }

        @Test
        void aHashWithTooFewLeadingZerosIsRefused() {
            String losing = losingString("alice-");
            assertThat(check(losing, sha512Hex(losing), ALICE)).isEqualTo(failure("Something went wrong"));
            assertThat(client.send(request("cmd", "total_coins"))).isEqualTo(success("{\"amount\": 0}"));
        }

        @Test
        void needsNoPasswordButAllThreeKeysInOrder() {
            assertThat(client.send(request("cmd", "check", "addr", ALICE)))
                    .isEqualTo(failure("Missing keys: winning_string, winning_hash"));
            assertThat(client.send(request("cmd", "check")))
                    .isEqualTo(failure("Missing keys: winning_string, winning_hash, addr"));
        }

        @Test
        void getCoinReportsTheBaseDifficulty() {
            assertThat(client.send(request("cmd", "get_coin")))
                    .isEqualTo(success("{\"difficulty\": " + BASE_DIFFICULTY + "}"));
        }

        @Test
        void totalCoinsCountsEveryCoinMined() {
            register(BOB, "b");
            mineCoins(ALICE, 2);
            mineCoins(BOB, 1);
            sendCoin(ALICE, "a", BOB, 1);
            assertThat(client.send(request("cmd", "total_coins"))).isEqualTo(success("{\"amount\": 3}"));
        }
    }

    @Nested
    class Parsing {
        @Test
        void textThatIsNotJsonIsEchoedBackAsciiEscaped() {
            assertThat(client.sendAndReadUntilClose("caf\u00e9 \"quoted\" back\\slash\ttab \u007f"))
                    .isEqualTo("{\"message\": \"Unable to parse JSON request\", \"payload\": {\"request\": "
                            + "\"caf\\u00e9 \\\"quoted\\\" back\\\\slash\\ttab \\u007f\"}, \"success\": false}");
        }

        @Test
        void trailingDataAfterTheObjectIsAParseError() {
            String raw = "{\"cmd\": \"get_coin\"} {}";
            assertThat(client.send(raw)).isEqualTo("{\"message\": \"Unable to parse JSON request\", \"payload\": "
                    + "{\"request\": \"{\\\"cmd\\\": \\\"get_coin\\\"} {}\"}, \"success\": false}");
        }

        @Test
        void aBlankRequestIsAParseError() {
            assertThat(client.send("   ")).isEqualTo("{\"message\": \"Unable to parse JSON request\", \"payload\": "
                    + "{\"request\": \"   \"}, \"success\": false}");
        }

        @Test
        void anIncompleteRequestIsAnsweredWithAParseErrorOnceTheClientStopsSending() {
            assertThat(client.send("{\"cmd\": \"get_")).isEqualTo("{\"message\": \"Unable to parse JSON request\", "
                    + "\"payload\": {\"request\": \"{\\\"cmd\\\": \\\"get_\"}, \"success\": false}");
        }

        @Test
        void aRequestArrivingInSeveralWritesIsAnsweredWhole() {
            assertThat(client.sendPartsAndReadUntilClose("{\"cmd\": \"get".getBytes(StandardCharsets.US_ASCII),
                    "_coin\"}".getBytes(StandardCharsets.US_ASCII)))
                    .isEqualTo(success("{\"difficulty\": " + BASE_DIFFICULTY + "}"));
        }

        @Test
        void aRequestOfExactly1024BytesIsRead() {
            String start = "{\"cmd\": \"get_coin\", \"pad\": \"";
            String request = start + "x".repeat(1024 - start.length() - 2) + "\"}";
            assertThat(request).hasSize(1024);
            assertThat(client.send(request)).isEqualTo(success("{\"difficulty\": " + BASE_DIFFICULTY + "}"));
        }

        @Test
        void aLongerRequestIsCutAt1024BytesAndFailsToParse() {
            String start = "{\"cmd\": \"get_coin\", \"pad\": \"";
            String request = start + "x".repeat(1025 - start.length() - 2) + "\"}";
            String first1024 = request.substring(0, 1024).replace("\"", "\\\"");
            assertThat(client.sendAndReadUntilClose(request)).isEqualTo("{\"message\": \"Unable to parse JSON "
                    + "request\", \"payload\": {\"request\": \"" + first1024 + "\"}, \"success\": false}");
        }

        @Test
        void extraKeysAreIgnored() {
            assertThat(client.send(request("cmd", "get_coin", "addr", ALICE, "colour", "blue")))
                    .isEqualTo(success("{\"difficulty\": " + BASE_DIFFICULTY + "}"));
        }

        @Test
        void whitespaceAroundTheObjectIsFine() {
            assertThat(client.send("\n {\"cmd\":\"total_coins\"}\r\n"))
                    .isEqualTo(success("{\"amount\": 0}"));
        }
    }

    @Nested
    class ClosingWithoutAReply {
        @ParameterizedTest
        @ValueSource(strings = {
                "{\"cmd\": \"mine_everything\"}",
                "{\"cmd\": \"SEND_COIN\"}",
                "{\"addr\": \"x\"}",
                "{}",
                "{\"cmd\": null}",
                "{\"cmd\": [\"get_coin\"]}",
                "[\"get_coin\"]",
                "\"get_coin\"",
                "42",
                "null",
                "{\"cmd\": \"my_coins\", \"addr\": \"x\", \"pwd\": 12345}"})
        void happensAtOnceForRequestsTheReferenceLeftUnanswered(String request) {
            // The idle timeout is 60 s and a read gives up after 5 s: only an immediate close passes.
            assertThat(client.send(request)).isEmpty();
        }

        @Test
        void happensForBytesThatAreNotUtf8() {
            assertThat(client.sendBytes(new byte[] {'{', '"', (byte) 0xFF, '"', '}'})).isEmpty();
        }
    }

    @Test
    void aSilentClientIsCutAfterTheIdleTimeout() {
        server.close();
        server = BlcServer.start(BlcServerSettings.embedded(dir.resolve("ledger.db"), BASE_DIFFICULTY)
                .withIdleTimeout(Duration.ofMillis(300)));
        assertThat(new PythonStyleClient(server.port()).stayQuietUntilClosed()).isEmpty();
    }

    @Test
    void startingOnATakenPortFailsClearly() {
        BlcServerSettings samePort = BlcServerSettings.embedded(dir.resolve("other.db"), BASE_DIFFICULTY)
                .withPort(server.port());
        assertThatThrownBy(() -> BlcServer.start(samePort))
                .isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(BindException.class)
                .hasMessageContaining("127.0.0.1:" + server.port());
    }

    @Test
    void closingTwiceIsHarmlessAndStopsListening() {
        int port = server.port();
        server.close();
        server.close();
        assertThatThrownBy(() -> new PythonStyleClient(port).send(request("cmd", "get_coin")))
                .isInstanceOf(UncheckedIOException.class);
    }
}

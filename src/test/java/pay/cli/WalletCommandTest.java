package pay.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import pay.Pay;
import pay.blc.RealBlcServer;
import pay.wallet.Stamp;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code pay wallet ...} run in-process through picocli against the real BLC server. */
@Timeout(120) // a guard against hangs, not a speed assertion
class WalletCommandTest {
    @RegisterExtension
    final RealBlcServer blc = new RealBlcServer(1);

    @TempDir
    Path dir;

    private final List<String> everythingPrinted = new ArrayList<>();

    private record Run(int exitCode, String out, String err) {
    }

    private Run wallet(Path stamp, int port, String... command) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("wallet", "--server", "127.0.0.1:" + port, "--stamp", stamp.toString()));
        args.addAll(List.of(command));
        int exitCode = new CommandLine(new Pay())
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                .execute(args.toArray(String[]::new));
        everythingPrinted.add(out.toString());
        everythingPrinted.add(err.toString());
        return new Run(exitCode, out.toString(), err.toString());
    }

    private Run wallet(Path stamp, String... command) {
        return wallet(stamp, blc.port(), command);
    }

    @Test
    void aCustomerCreatesAWalletMinesCoinsAndPaysAnotherAddress() throws Exception {
        Path aliceStamp = dir.resolve("alice.bloostamp");
        Path bobStamp = dir.resolve("bob.bloostamp");

        Run created = wallet(aliceStamp, "new");
        Stamp alice = Stamp.read(aliceStamp);
        assertThat(created.exitCode()).isZero();
        assertThat(created.out()).isEqualTo("registered address " + alice.addr() + "\n"
                + "address and key saved in " + aliceStamp + "; keep it private: whoever has it can spend the coins\n");
        assertThat(wallet(bobStamp, "new").exitCode()).isZero();
        Stamp bob = Stamp.read(bobStamp);

        Run mined = wallet(aliceStamp, "mine", "3", "--workers", "2");
        assertThat(mined.exitCode()).isZero();
        assertThat(mined.out().lines().filter(line -> line.matches("coin 0[0-9a-f]{127} \\(difficulty 1, string \\w+\\)")))
                .hasSize(3);
        assertThat(mined.out()).endsWith("mined 3 coins for " + alice.addr() + "\n");
        assertThat(mined.err()).startsWith("\rmining: ").contains("mining: 3/3 coins, difficulty 1, ").endsWith("\n");

        assertThat(wallet(aliceStamp, "coins").out()).isEqualTo("3 BLC at " + alice.addr() + "\n");

        Run sent = wallet(aliceStamp, "send", bob.addr(), "2");
        assertThat(sent.exitCode()).isZero();
        assertThat(sent.out()).isEqualTo("sent 2 BLC from " + alice.addr() + " to " + bob.addr() + "\n");
        assertThat(blc.client().checkAddr(alice.addr())).isEqualTo(1);
        assertThat(blc.client().checkAddr(bob.addr())).isEqualTo(2);

        assertThat(wallet(aliceStamp, "transactions").out())
                .isEqualTo("sent      2 BLC  to   " + bob.addr() + "\n1 transaction\n");
        assertThat(wallet(bobStamp, "transactions").out())
                .isEqualTo("received  2 BLC  from " + alice.addr() + "\n1 transaction\n");
        assertThat(everythingPrinted).noneMatch(text -> text.contains(alice.key()) || text.contains(bob.key()));
    }

    @Test
    void transactionsLineUpAmountsAndMarkTransfersToOneself() throws Exception {
        Path stamp = dir.resolve("bloostamp");
        wallet(stamp, "new");
        Stamp me = Stamp.read(stamp);
        Path otherStamp = dir.resolve("other");
        wallet(otherStamp, "new");
        Stamp other = Stamp.read(otherStamp);
        wallet(otherStamp, "mine", "10", "--workers", "1");
        wallet(otherStamp, "send", me.addr(), "10");
        wallet(stamp, "send", me.addr(), "1");

        assertThat(wallet(stamp, "transactions").out()).isEqualTo(
                "received  10 BLC  from " + other.addr() + "\n"
                        + "to self    1 BLC\n"
                        + "to self    1 BLC\n"
                        + "3 transactions\n");
    }

    @Test
    void newNeverOverwritesAnExistingStamp() throws Exception {
        Path stamp = Files.writeString(dir.resolve("bloostamp"), "x".repeat(40) + ":the-only-copy");

        Run run = wallet(stamp, "new");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("stamp file " + stamp + " already exists; refusing to overwrite it\n");
        assertThat(Files.readString(stamp)).isEqualTo("x".repeat(40) + ":the-only-copy");
    }

    @Test
    void anUnreachableServerIsOneClearLineAndNewLeavesNoStampBehind() throws Exception {
        Path stamp = dir.resolve("bloostamp");
        int port = blc.port();
        blc.stop();

        Run run = wallet(stamp, port, "new");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("cannot reach BLC server at 127.0.0.1:" + port + ": register: cannot connect")
                .hasLineCount(1);
        assertThat(stamp).doesNotExist();
    }

    @Test
    void aMissingStampSaysHowToCreateOne() {
        Path stamp = dir.resolve("bloostamp");

        Run run = wallet(stamp, "coins");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("no stamp file at " + stamp + " (create a wallet with `wallet new`)\n");
    }

    @Test
    void aMalformedStampIsReportedWithoutItsContent() throws Exception {
        Path stamp = Files.writeString(dir.resolve("bloostamp"), "tooshort:topsecret");

        Run run = wallet(stamp, "coins");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).startsWith("stamp file " + stamp + " is malformed").doesNotContain("topsecret").hasLineCount(1);
    }

    @Test
    void theServersRefusalIsShownAsItsMessage() throws Exception {
        Path stamp = dir.resolve("bloostamp");
        wallet(stamp, "new");
        Path otherStamp = dir.resolve("other");
        wallet(otherStamp, "new");

        Run tooMuch = wallet(stamp, "send", Stamp.read(otherStamp).addr(), "5");
        Run unknown = wallet(stamp, "send", "n".repeat(40), "1");

        assertThat(tooMuch.exitCode()).isEqualTo(1);
        assertThat(tooMuch.err()).isEqualTo("the BLC server refused: You don't have enough coins\n");
        assertThat(unknown.err()).isEqualTo("the BLC server refused: The given recipient does not exist\n");
    }

    @Test
    void aStampWithTheWrongKeyIsRefusedAsInvalid() throws Exception {
        Path stamp = dir.resolve("bloostamp");
        wallet(stamp, "new");
        Path forged = dir.resolve("forged");
        new Stamp(Stamp.read(stamp).addr(), "guessed-key").writeNew(forged);

        Run run = wallet(forged, "coins");

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("the BLC server refused: Your address or password was invalid\n");
    }

    @Test
    void invalidArgumentsAreUsageErrors() {
        Path stamp = dir.resolve("bloostamp");

        assertThat(wallet(stamp, "mine", "0").exitCode()).isEqualTo(2);
        assertThat(wallet(stamp, "send", "n".repeat(40), "lots").exitCode()).isEqualTo(2);
        assertThat(wallet(stamp, "fly").exitCode()).isEqualTo(2);
        StringWriter err = new StringWriter();
        int badServer = new CommandLine(new Pay()).setErr(new PrintWriter(err, true))
                .execute("wallet", "--server", "host:port", "coins");
        assertThat(badServer).isEqualTo(2);
        assertThat(err.toString()).startsWith("--server: BLC server must be given as host:port");
    }
}

package pay.cli;

import pay.blc.BlcClient;
import pay.blc.BlcException;
import pay.blc.BlcRefusedException;
import pay.blc.BlcTransfer;
import pay.blc.BlcUnavailableException;
import pay.wallet.MinedCoin;
import pay.wallet.Miner;
import pay.wallet.MiningProgress;
import pay.wallet.Stamp;
import pay.wallet.StampException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;

/** The customer's BlooCoin wallet (step 5 of Pay's diagram: the customer pays the deposit address). */
@Command(name = "wallet",
        mixinStandardHelpOptions = true,
        description = {"A BlooCoin wallet: create an address, see coins and transactions, send coins, mine coins.",
                "The address and its key live in a stamp file (addr:key), as with the official client."},
        subcommands = {WalletCommand.New.class, WalletCommand.Coins.class, WalletCommand.Transactions.class,
                WalletCommand.Send.class, WalletCommand.Mine.class},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:done", "1:the server could not be reached or refused, or the stamp file is unusable",
                "2:invalid command line"})
public final class WalletCommand {
    @Option(names = "--server", paramLabel = "HOST:PORT", defaultValue = "${env:BLC_SERVER:-localhost:3122}",
            description = "BLC server (default: $BLC_SERVER, else localhost:3122).")
    private String server;

    @Option(names = "--stamp", paramLabel = "FILE", defaultValue = "bloostamp",
            description = "Stamp file holding addr:key (default: ${DEFAULT-VALUE}).")
    private Path stampFile;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "10",
            description = "Connect and reply timeout per request (default: ${DEFAULT-VALUE}).")
    private int timeoutSeconds;

    @Spec
    private CommandSpec spec;

    private BlcClient client() {
        if (timeoutSeconds < 1) {
            throw new ParameterException(spec.commandLine(), "--timeout must be at least 1 second");
        }
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        try {
            return BlcClient.parse(server, timeout, timeout);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--server: " + e.getMessage());
        }
    }

    /** What every subcommand shares: the client, the stamp, and failures reported as one line each. */
    abstract static class Action implements Callable<Integer> {
        @ParentCommand
        WalletCommand wallet;

        @Spec
        CommandSpec spec;

        @Override
        public final Integer call() {
            BlcClient client = wallet.client();
            PrintWriter err = spec.commandLine().getErr();
            try {
                run(client, spec.commandLine().getOut());
                return 0;
            } catch (BlcUnavailableException e) {
                err.println("cannot reach BLC server at " + client.endpoint() + ": " + e.getMessage());
            } catch (BlcRefusedException e) {
                err.println("the BLC server refused: " + e.getMessage());
            } catch (StampException e) {
                err.println(e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                err.println("interrupted");
            }
            return 1;
        }

        abstract void run(BlcClient client, PrintWriter out) throws StampException, InterruptedException;

        Stamp stamp() throws StampException {
            return Stamp.read(wallet.stampFile);
        }
    }

    @Command(name = "new", description = "Create an address, register it on the server and save it to the stamp file.")
    static final class New extends Action {
        @Override
        void run(BlcClient client, PrintWriter out) throws StampException {
            Stamp stamp = Stamp.generate(new SecureRandom());
            Path file = wallet.stampFile;
            // Saved first, so a registered address always has its key on disk.
            stamp.writeNew(file);
            try {
                client.register(stamp.addr(), stamp.key());
            } catch (BlcException e) {
                try {
                    Files.deleteIfExists(file);
                } catch (IOException cleanup) {
                    e.addSuppressed(cleanup);
                }
                throw e;
            }
            out.println("registered address " + stamp.addr());
            out.println("address and key saved in " + file + "; keep it private: whoever has it can spend the coins");
        }
    }

    @Command(name = "coins", description = "Show the balance.")
    static final class Coins extends Action {
        @Override
        void run(BlcClient client, PrintWriter out) throws StampException {
            Stamp stamp = stamp();
            out.println(client.myCoins(stamp.addr(), stamp.key()) + " BLC at " + stamp.addr());
        }
    }

    @Command(name = "transactions", description = "List coins received, then coins sent.")
    static final class Transactions extends Action {
        @Override
        void run(BlcClient client, PrintWriter out) throws StampException {
            Stamp stamp = stamp();
            List<BlcTransfer> transfers = client.transactions(stamp.addr(), stamp.key());
            int width = transfers.stream().mapToInt(t -> Long.toString(t.amount()).length()).max().orElse(1);
            for (BlcTransfer transfer : transfers) {
                out.println(describe(transfer, stamp.addr(), width));
            }
            out.println(transfers.size() == 1 ? "1 transaction" : transfers.size() + " transactions");
        }

        private static String describe(BlcTransfer transfer, String me, int width) {
            String amount = String.format("%" + width + "d BLC", transfer.amount());
            if (transfer.to().equals(me) && transfer.from().equals(me)) {
                return "to self   " + amount;
            }
            return transfer.to().equals(me)
                    ? "received  " + amount + "  from " + transfer.from()
                    : "sent      " + amount + "  to   " + transfer.to();
        }
    }

    @Command(name = "send", description = "Send coins to another address.")
    static final class Send extends Action {
        @Parameters(index = "0", paramLabel = "TO", description = "Recipient address (40 characters).")
        private String to;

        @Parameters(index = "1", paramLabel = "AMOUNT", description = "Whole coins to send.")
        private long amount;

        @Override
        void run(BlcClient client, PrintWriter out) throws StampException {
            Stamp stamp = stamp();
            BlcTransfer sent = client.sendCoin(to, amount, stamp.addr(), stamp.key());
            out.println("sent " + sent.amount() + " BLC from " + sent.from() + " to " + sent.to());
        }
    }

    @Command(name = "mine", description = {"Mine coins at the server's current difficulty, on every core.",
            "Progress goes to stderr; the coins mined go to stdout."})
    static final class Mine extends Action {
        @Parameters(paramLabel = "N", description = "How many coins to mine.")
        private int coins;

        @Option(names = "--workers", paramLabel = "THREADS", description = "Mining threads (default: one per core).")
        private Integer workers;

        @Override
        void run(BlcClient client, PrintWriter out) throws StampException, InterruptedException {
            if (coins < 1 || (workers != null && workers < 1)) {
                throw new ParameterException(spec.commandLine(), "N and --workers must be at least 1");
            }
            Stamp stamp = stamp();
            Miner miner = workers == null ? Miner.onAllCores(client) : new Miner(client, workers);
            ProgressLine progress = new ProgressLine(spec.commandLine().getErr());
            List<MinedCoin> mined;
            try {
                mined = miner.mine(stamp.addr(), coins, progress::show);
            } finally {
                progress.end();
            }
            for (MinedCoin coin : mined) {
                out.println("coin " + coin.hash() + " (difficulty " + coin.difficulty() + ", string " + coin.winningString() + ")");
            }
            out.println("mined " + mined.size() + (mined.size() == 1 ? " coin" : " coins") + " for " + stamp.addr());
        }
    }

    /** One status line, rewritten in place: a carriage return, the text, and blanks over any longer old text. */
    private static final class ProgressLine {
        private final PrintWriter err;
        private int shownLength;

        ProgressLine(PrintWriter err) {
            this.err = err;
        }

        void show(MiningProgress progress) {
            String text = String.format("mining: %d/%d coins, difficulty %d, %s hashes/s, %,d hashes",
                    progress.coinsMined(), progress.coinsWanted(), progress.difficulty(),
                    humanRate(progress.hashesPerSecond()), progress.hashes());
            err.print("\r" + text + " ".repeat(Math.max(0, shownLength - text.length())));
            err.flush();
            shownLength = text.length();
        }

        void end() {
            if (shownLength > 0) {
                err.println();
                err.flush();
            }
        }

        private static String humanRate(double perSecond) {
            if (perSecond >= 1e6) {
                return String.format("%.2f M", perSecond / 1e6);
            }
            return perSecond >= 1e3 ? String.format("%.1f k", perSecond / 1e3) : String.format("%.0f", perSecond);
        }
    }
}

package pay;

import java.util.Set;
import pay.cli.BlcServerCommand;
import pay.cli.DemoCommand;
import pay.cli.InvoicesCommand;
import pay.cli.KeysCommand;
import pay.cli.RunCommand;
import pay.cli.WalletCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one entry point of the jar: every admin task is a subcommand. */
@Command(name = "pay",
        mixinStandardHelpOptions = true,
        version = "Pay 0.1.0",
        description = "Pay: an IPN-style payment processor for BlooCoin (BLC).",
        subcommands = {CommandLine.HelpCommand.class,
                RunCommand.class,
                DemoCommand.class,
                KeysCommand.class,
                InvoicesCommand.class,
                BlcServerCommand.class,
                WalletCommand.class})
public final class Pay {
    /** The log layouts log4j2.properties defines; any other name would leave Pay running without a log. */
    private static final Set<String> LOG_FORMATS = Set.of("text", "json");

    public static void main(String[] args) {
        String logFormat = System.getenv().getOrDefault("PAY_LOG_FORMAT", "text");
        if (!LOG_FORMATS.contains(logFormat)) {
            System.err.println("PAY_LOG_FORMAT must be text or json, not " + logFormat);
            System.exit(2);
        }
        System.exit(new CommandLine(new Pay()).execute(args));
    }
}

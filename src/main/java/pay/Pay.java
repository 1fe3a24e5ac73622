package pay;

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
    public static void main(String[] args) {
        System.exit(new CommandLine(new Pay()).execute(args));
    }
}

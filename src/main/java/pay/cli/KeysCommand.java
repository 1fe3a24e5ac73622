package pay.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import pay.crypto.MasterSecret;
import pay.crypto.NotificationSignature;
import pay.keys.ApiKey;
import pay.keys.ApiKeyStore;
import pay.keys.IssuedKey;
import pay.store.Database;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code pay keys create|list|revoke}: sellers' API keys, for the operator. */
@Command(name = "keys",
        mixinStandardHelpOptions = true,
        description = "Create, list and revoke sellers' API keys.",
        subcommands = CommandLine.HelpCommand.class)
public final class KeysCommand {

    private final Map<String, String> env;
    private final InputStream stdin;

    @Spec
    private CommandSpec spec;

    public KeysCommand() {
        this(System.getenv(), System.in);
    }

    /** With the environment and standard input given, for running in-process. */
    public KeysCommand(Map<String, String> env, InputStream stdin) {
        this.env = env;
        this.stdin = stdin;
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Issue a new API key for a seller. The key is printed alone on the last line, once: "
                    + "Pay stores only its hash.",
                    "With --recovery-password, the password is prompted for twice without echo on a terminal, "
                    + "or read from the first line of standard input otherwise, e.g. "
                    + "echo \"$PW\" | pay keys create --email E --recovery-password"})
    int create(@Mixin DataOptions data,
               @Option(names = "--email", required = true, paramLabel = "EMAIL", description = "The seller's email.")
               String email,
               @Option(names = "--recovery-password",
                       description = "Also set a password that can replace a lost key.")
               boolean withRecoveryPassword) {
        String recoveryPassword = withRecoveryPassword ? readRecoveryPassword() : null;
        MasterSecret masterSecret = MasterSecret.load(data.dataDir(), env);
        IssuedKey issued;
        try {
            issued = withKeyStore(data, store -> store.create(email, recoveryPassword));
        } catch (IllegalArgumentException rejected) {
            throw new ParameterException(subcommand("create"), rejected.getMessage());
        }
        PrintWriter out = out();
        out.println("id:                          " + issued.key().id());
        out.println("email:                       " + issued.key().email());
        out.println("recovery password:           " + (recoveryPassword == null ? "none" : "set"));
        out.println("notification signing secret: " + NotificationSignature.secretFor(masterSecret, issued.key().id()));
        out.println("The API key follows. It is shown this once only: Pay keeps only its hash.");
        out.println(issued.secretKey());
        return CommandLine.ExitCode.OK;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List every API key: id, email, creation time and status; never secrets.")
    int list(@Mixin DataOptions data) {
        List<ApiKey> keys = withKeyStore(data, ApiKeyStore::list);
        PrintWriter out = out();
        if (keys.isEmpty()) {
            out.println("No API keys yet. Create one with: pay keys create --email EMAIL");
            return CommandLine.ExitCode.OK;
        }
        String row = "%-10s %-32s %-21s %s%n";
        out.printf(row, "ID", "EMAIL", "CREATED", "STATUS");
        for (ApiKey key : keys) {
            out.printf(row, key.id(), key.email(), shown(key.createdAt()),
                    key.active() ? "active" : "revoked " + shown(key.revokedAt()));
        }
        return CommandLine.ExitCode.OK;
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke an API key at once; revoking it again changes nothing.")
    int revoke(@Mixin DataOptions data, @Parameters(paramLabel = "ID", description = "The key's id.") String id) {
        record Outcome(boolean revokedNow, Optional<ApiKey> key) {
        }
        Outcome outcome = withKeyStore(data, store -> new Outcome(store.revoke(id), store.find(id)));
        PrintWriter out = out();
        if (outcome.key().isEmpty()) {
            spec.commandLine().getErr().println("No API key has the id " + id + ".");
            return CommandLine.ExitCode.SOFTWARE;
        }
        ApiKey key = outcome.key().get();
        out.println(outcome.revokedNow()
                ? "Revoked key " + id + " of " + key.email() + "."
                : "Key " + id + " of " + key.email() + " was already revoked at " + shown(key.revokedAt()) + ".");
        return CommandLine.ExitCode.OK;
    }

    private <T> T withKeyStore(DataOptions data, Function<ApiKeyStore, T> use) {
        try (Database database = Database.open(data.databaseSettings(env))) {
            return use.apply(new ApiKeyStore(database.dataSource(), Clock.systemUTC()));
        }
    }

    private String readRecoveryPassword() {
        Console console = System.console();
        if (console == null) {
            return firstLineOfStandardInput();
        }
        char[] password = console.readPassword("Recovery password: ");
        char[] again = console.readPassword("Same recovery password again: ");
        if (password == null || !Arrays.equals(password, again)) {
            throw new ParameterException(subcommand("create"), "The two recovery passwords differ.");
        }
        return new String(password);
    }

    private String firstLineOfStandardInput() {
        try {
            String line = new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new ParameterException(subcommand("create"),
                        "--recovery-password expects the password on the first line of standard input.");
            }
            return line;
        } catch (IOException failure) {
            throw new UncheckedIOException("Could not read the recovery password", failure);
        }
    }

    // Method subcommands share this instance, whose spec is that of `keys` itself.
    private CommandLine subcommand(String name) {
        return spec.commandLine().getSubcommands().get(name);
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    private static String shown(Instant instant) {
        return instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}

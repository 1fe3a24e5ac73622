package pay.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import pay.Pay;
import pay.crypto.MasterSecret;
import pay.keys.ApiKey;
import pay.keys.ApiKeyStore;
import pay.keys.IssuedKey;
import pay.store.Database;
import pay.store.DatabaseSettings;
import picocli.CommandLine;

class KeysCommandTest {

    @TempDir
    Path dataDir;

    private record Run(int exitCode, String out, String err) {
        List<String> lines() {
            return out.lines().toList();
        }

        String lastLine() {
            return lines().get(lines().size() - 1);
        }
    }

    @Test
    void theKeysCommandIsASubcommandOfPay() {
        assertThat(new CommandLine(new Pay()).getSubcommands()).containsKey("keys");
    }

    @Test
    void createPrintsTheNewKeyAloneOnTheLastLineAfterItsIdEmailAndSigningSecret() {
        Run run = keys(Map.of(), "", "create", "--email", "Seller@Example.com", "--data-dir", dataDir.toString());

        assertThat(run.exitCode()).isZero();
        String key = run.lastLine();
        assertThat(key).matches("pk_[0-9a-z]{8}_[0-9A-Za-z]{32}");
        ApiKey stored = withStore(store -> store.authenticate(key)).orElseThrow();
        assertThat(run.out()).contains(stored.id(), "seller@example.com", "shown this once")
                .contains("notification signing secret: "
                        + MasterSecret.load(dataDir, Map.of()).derive("notify", stored.id()));
    }

    @Test
    void createWithRecoveryPasswordReadsItFromTheFirstLineOfStandardInputWhenThereIsNoTerminal() {
        Run run = keys(Map.of(), "correct horse battery\nignored\n",
                "create", "--email", "seller@example.com", "--recovery-password", "--data-dir", dataDir.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.out()).doesNotContain("correct horse");
        Optional<IssuedKey> recovered = withStore(store -> store.recover("seller@example.com", "correct horse battery"));
        assertThat(recovered).isPresent();
        Optional<ApiKey> replaced = withStore(store -> store.authenticate(run.lastLine()));
        assertThat(replaced).isEmpty();
    }

    @Test
    void createRefusesAnImplausibleEmailAsAUsageError() {
        Run run = keys(Map.of(), "", "create", "--email", "not-an-email", "--data-dir", dataDir.toString());

        assertThat(run.exitCode()).isEqualTo(CommandLine.ExitCode.USAGE);
        assertThat(run.err()).contains("Not a plausible email address");
        assertThat(withStore(ApiKeyStore::list)).isEmpty();
    }

    @Test
    void listShowsIdEmailCreationAndStatusButNoSecret() {
        String key = keys(Map.of(), "", "create", "--email", "seller@example.com", "--data-dir", dataDir.toString())
                .lastLine();
        String id = key.substring(3, 11);

        Run run = keys(Map.of(), "", "list", "--data-dir", dataDir.toString());

        assertThat(run.exitCode()).isZero();
        assertThat(run.lines()).hasSize(2);
        assertThat(run.lines().get(1)).startsWith(id).contains("seller@example.com", "active");
        assertThat(run.out()).doesNotContain(key.substring(12));
    }

    @Test
    void revokeRevokesOnceThenSaysTheKeyWasAlreadyRevoked() {
        String key = keys(Map.of(), "", "create", "--email", "seller@example.com", "--data-dir", dataDir.toString())
                .lastLine();
        String id = key.substring(3, 11);

        Run first = keys(Map.of(), "", "revoke", id, "--data-dir", dataDir.toString());
        Run again = keys(Map.of(), "", "revoke", id, "--data-dir", dataDir.toString());

        assertThat(first.exitCode()).isZero();
        assertThat(first.out()).contains("Revoked key " + id);
        assertThat(again.exitCode()).isZero();
        assertThat(again.out()).contains("already revoked");
        Optional<ApiKey> revoked = withStore(store -> store.authenticate(key));
        assertThat(revoked).isEmpty();
        assertThat(keys(Map.of(), "", "list", "--data-dir", dataDir.toString()).out()).contains("revoked");
    }

    @Test
    void revokingAnUnknownIdFailsWithAClearMessage() {
        Run run = keys(Map.of(), "", "revoke", "nosuchid", "--data-dir", dataDir.toString());

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("No API key has the id nosuchid");
    }

    @Test
    void theDatabaseUrlFromTheEnvironmentReplacesTheSqliteFileInTheDataFolder() {
        Path elsewhere = dataDir.resolve("elsewhere/keys.db");
        Map<String, String> env = Map.of("PAY_DB_URL", "jdbc:sqlite:" + elsewhere);

        keys(env, "", "create", "--email", "seller@example.com", "--data-dir", dataDir.toString());

        assertThat(elsewhere).isRegularFile();
        assertThat(dataDir.resolve("pay.db")).doesNotExist();
    }

    private Run keys(Map<String, String> env, String stdin, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine command = new CommandLine(
                new KeysCommand(env, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8))));
        command.setOut(new PrintWriter(out, true));
        command.setErr(new PrintWriter(err, true));
        int exitCode = command.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private <T> T withStore(Function<ApiKeyStore, T> use) {
        try (Database database = Database.open(DatabaseSettings.sqliteIn(dataDir))) {
            return use.apply(new ApiKeyStore(database.dataSource(), Clock.systemUTC()));
        }
    }
}

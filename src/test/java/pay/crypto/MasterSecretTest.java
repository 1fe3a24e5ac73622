package pay.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MasterSecretTest {

    private static final Map<String, String> NO_ENVIRONMENT = Map.of();

    @TempDir
    Path folder;

    @Test
    void theFirstLoadWritesThirtyTwoRandomBytesToAnOwnerOnlyFileInAMissingDataFolder() throws Exception {
        Path dataDir = folder.resolve("data/nested");
        MasterSecret.load(dataDir, NO_ENVIRONMENT);

        Path file = dataDir.resolve("master.key");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).hasSize(32);
    }

    @Test
    void laterLoadsReadTheSameSecretFromTheFile() {
        String first = MasterSecret.load(folder, NO_ENVIRONMENT).derive("deposit", "PAY-1");
        String second = MasterSecret.load(folder, NO_ENVIRONMENT).derive("deposit", "PAY-1");
        assertThat(second).isEqualTo(first);
    }

    @Test
    void theEnvironmentVariableWinsOverTheFileAndCreatesNoFile() {
        String fromFile = MasterSecret.load(folder.resolve("with-file"), NO_ENVIRONMENT).derive("notify", "k");
        Path untouched = folder.resolve("env-only");
        Map<String, String> env = Map.of("PAY_MASTER_SECRET", base64OfBytes(32, (byte) 7));

        MasterSecret fromEnvironment = MasterSecret.load(untouched, env);

        assertThat(fromEnvironment.derive("notify", "k")).isNotEqualTo(fromFile)
                .isEqualTo(MasterSecret.load(folder.resolve("elsewhere"), env).derive("notify", "k"));
        assertThat(untouched).doesNotExist();
    }

    @Test
    void aShortOrGarbledSecretIsRefusedWithoutRepeatingIt() {
        String shortSecret = base64OfBytes(31, (byte) 1);
        assertThatThrownBy(() -> MasterSecret.load(folder, Map.of("PAY_MASTER_SECRET", shortSecret)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("31 bytes")
                .hasMessageNotContaining(shortSecret);
        assertThatThrownBy(() -> MasterSecret.load(folder, Map.of("PAY_MASTER_SECRET", "not*base64!")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not base64")
                .hasMessageNotContaining("not*base64!");
    }

    @Test
    void derivingIsDeterministicLowercaseHexAndSeparatedByPurposeIdAndMaster() {
        MasterSecret master = MasterSecret.load(folder.resolve("a"), NO_ENVIRONMENT);
        MasterSecret otherMaster = MasterSecret.load(folder.resolve("b"), NO_ENVIRONMENT);

        String deposit = master.derive("deposit", "PAY-1");

        assertThat(deposit).matches("[0-9a-f]{64}").isEqualTo(master.derive("deposit", "PAY-1"));
        assertThat(master.derive("notify", "PAY-1")).isNotEqualTo(deposit);
        assertThat(master.derive("deposit", "PAY-2")).isNotEqualTo(deposit);
        assertThat(otherMaster.derive("deposit", "PAY-1")).isNotEqualTo(deposit);
    }

    @Test
    void aPurposeWithTheSeparatorIsRefusedSoNoTwoPurposeIdPairsCanCollide() {
        MasterSecret master = MasterSecret.load(folder, NO_ENVIRONMENT);
        assertThatThrownBy(() -> master.derive("deposit:x", "y")).isInstanceOf(IllegalArgumentException.class);
        assertThat(master.derive("deposit", "x:y")).matches("[0-9a-f]{64}");
    }

    @Test
    void toStringRevealsNothingOfTheSecret() throws Exception {
        MasterSecret master = MasterSecret.load(folder, NO_ENVIRONMENT);
        String secret = Files.readString(folder.resolve("master.key")).strip();
        assertThat(master.toString()).isEqualTo("MasterSecret[redacted]").doesNotContain(secret);
    }

    private static String base64OfBytes(int count, byte value) {
        byte[] bytes = new byte[count];
        Arrays.fill(bytes, value);
        return Base64.getEncoder().encodeToString(bytes);
    }
}

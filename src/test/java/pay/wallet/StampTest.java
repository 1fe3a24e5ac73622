package pay.wallet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class StampTest {
    private static final String ADDR = "0123456789abcdef0123456789abcdef01234567";

    @TempDir
    Path dir;

    @Test
    void aGeneratedStampHasTheOfficialClientsFormatAndIsNeverRepeated() {
        SecureRandom random = new SecureRandom();
        Stamp first = Stamp.generate(random);
        Stamp second = Stamp.generate(random);

        assertThat(first.addr()).matches("[0-9a-f]{40}");
        assertThat(first.key()).matches("[0-9a-f]{40}");
        assertThat(first.addr()).isNotEqualTo(first.key()).isNotEqualTo(second.addr());
        assertThat(first.key()).isNotEqualTo(second.key());
    }

    @Test
    void aWrittenStampIsTheAddressAndKeyJoinedByAColonAndReadsBack() throws Exception {
        Path file = dir.resolve("bloostamp");
        Stamp stamp = new Stamp(ADDR, "secret-key");

        stamp.writeNew(file);

        assertThat(Files.readString(file)).isEqualTo(ADDR + ":secret-key");
        assertThat(Stamp.read(file)).isEqualTo(stamp);
    }

    @Test
    void aWrittenStampIsReadableByItsOwnerOnly() throws Exception {
        assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"), "POSIX file system");
        Path file = dir.resolve("bloostamp");

        Stamp.generate(new SecureRandom()).writeNew(file);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void anExistingStampIsNeverOverwritten() throws Exception {
        Path file = dir.resolve("bloostamp");
        Files.writeString(file, ADDR + ":the-only-copy");

        assertThatThrownBy(() -> Stamp.generate(new SecureRandom()).writeNew(file))
                .isInstanceOf(StampException.class)
                .hasMessage("stamp file " + file + " already exists; refusing to overwrite it");
        assertThat(Files.readString(file)).isEqualTo(ADDR + ":the-only-copy");
    }

    @Test
    void aStampWithATrailingNewlineFromAnEditorStillReads() throws Exception {
        Path file = dir.resolve("bloostamp");
        Files.writeString(file, ADDR + ":key:with:colons\n");

        assertThat(Stamp.read(file)).isEqualTo(new Stamp(ADDR, "key:with:colons"));
    }

    @Test
    void aMissingStampSaysHowToCreateOne() {
        Path file = dir.resolve("bloostamp");

        assertThatThrownBy(() -> Stamp.read(file))
                .isInstanceOf(StampException.class)
                .hasMessage("no stamp file at " + file + " (create a wallet with `wallet new`)");
    }

    @Test
    void malformedStampsAreRejectedWithoutEchoingTheirContent() throws IOException {
        String[] malformed = {"", "no-colon-here-" + "k".repeat(30), "short:topsecret", ADDR + ":", ADDR + ":top secret",
                ADDR.substring(1) + "\u0007:topsecret"};
        for (String content : malformed) {
            Path file = Files.writeString(dir.resolve("stamp" + content.hashCode()), content);

            assertThatThrownBy(() -> Stamp.read(file))
                    .as(content)
                    .isInstanceOf(StampException.class)
                    .hasMessageStartingWith("stamp file " + file + " is malformed")
                    .hasMessageNotContaining("topsecret");
        }
    }

    @Test
    void aStampThatIsNotUtf8OrFarTooLongIsMalformed() throws IOException {
        Path binary = Files.write(dir.resolve("binary"), new byte[] {(byte) 0xff, (byte) 0xfe, ':', 'k'});
        Path huge = Files.writeString(dir.resolve("huge"), ADDR + ":" + "k".repeat(10_000));

        assertThatThrownBy(() -> Stamp.read(binary)).isInstanceOf(StampException.class)
                .hasMessage("stamp file " + binary + " is malformed: not UTF-8 text");
        assertThatThrownBy(() -> Stamp.read(huge)).isInstanceOf(StampException.class)
                .hasMessage("stamp file " + huge + " is malformed: far too long for addr:key");
    }

    @Test
    void aStampNeverShowsItsKeyWhenPrinted() {
        assertThat(new Stamp(ADDR, "topsecret").toString()).contains(ADDR).doesNotContain("topsecret");
    }
}

package pay.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;
import pay.PropertyCheck;

class MinerDigitsPropertyTest {

    @Test
    void theByteLevelZeroTestAgreesWithTheHexDigestTheServerChecks() {
        PropertyCheck.forAll(3000, digests(), integers().between(0, 128), (digest, difficulty) -> {
            boolean expected = HexFormat.of().formatHex(digest).startsWith("0".repeat(difficulty));

            assertThat(Miner.startsWithZeroDigits(digest, difficulty)).isEqualTo(expected);
        });
    }

    /** 64-byte digests, most of them starting with a run of zero nibbles so both answers come up often. */
    private static Gen<byte[]> digests() {
        return Generate.byteArrays(Generate.constant(64), Generate.bytes(Byte.MIN_VALUE, Byte.MAX_VALUE, (byte) 0))
                .zip(integers().between(0, 128), (bytes, zeroNibbles) -> {
                    for (int nibble = 0; nibble < zeroNibbles; nibble++) {
                        bytes[nibble / 2] &= (byte) (nibble % 2 == 0 ? 0x0F : 0xF0);
                    }
                    return bytes;
                });
    }
}

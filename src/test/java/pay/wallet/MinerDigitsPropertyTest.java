package pay.wallet;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

class MinerDigitsPropertyTest {

    @Property(tries = 3000)
    void theByteLevelZeroTestAgreesWithTheHexDigestTheServerChecks(@ForAll("digests") byte[] digest,
                                                                   @ForAll @IntRange(min = 0, max = 128) int difficulty) {
        boolean expected = HexFormat.of().formatHex(digest).startsWith("0".repeat(difficulty));

        assertThat(Miner.startsWithZeroDigits(digest, difficulty)).isEqualTo(expected);
    }

    /** 64-byte digests, most of them starting with a run of zero nibbles so both answers come up often. */
    @Provide
    Arbitrary<byte[]> digests() {
        return Combinators.combine(
                Arbitraries.bytes().array(byte[].class).ofSize(64),
                Arbitraries.integers().between(0, 128)).as((bytes, zeroNibbles) -> {
                    for (int nibble = 0; nibble < zeroNibbles; nibble++) {
                        bytes[nibble / 2] &= (byte) (nibble % 2 == 0 ? 0x0F : 0xF0);
                    }
                    return bytes;
                });
    }
}

package pay.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PasswordHashTest {

    @Test
    void aHashMatchesItsPasswordOnlyAndCarriesItsSchemeCostAndSalt() {
        String hash = PasswordHash.of("correct horse battery");

        assertThat(hash).startsWith("pbkdf2-sha256$" + PasswordHash.ITERATIONS + "$").doesNotContain("correct horse");
        assertThat(PasswordHash.matches("correct horse battery", hash)).isTrue();
        assertThat(PasswordHash.matches("correct horse batterY", hash)).isFalse();
    }

    @Test
    void theSamePasswordHashesDifferentlyEachTimeBecauseOfTheSalt() {
        assertThat(PasswordHash.of("correct horse battery")).isNotEqualTo(PasswordHash.of("correct horse battery"));
    }
}

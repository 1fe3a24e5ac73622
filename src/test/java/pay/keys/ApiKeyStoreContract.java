package pay.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pay.store.Database;
import pay.store.DatabaseSettings;

/** What the key store does on every supported database; one subclass per vendor. */
abstract class ApiKeyStoreContract {

    static final String PASSWORD = "correct horse battery";

    Database database;
    ApiKeyStore store;

    /** Settings for a database that has never been opened. */
    abstract DatabaseSettings freshSettings();

    @BeforeEach
    void openStore() {
        database = Database.open(freshSettings());
        store = new ApiKeyStore(database.dataSource(), new SteppingClock());
    }

    @AfterEach
    void closeDatabase() {
        database.close();
    }

    @Test
    void aCreatedKeyAuthenticatesAsItsActiveOwner() {
        IssuedKey issued = store.create("Seller@Example.COM ", null);

        assertThat(issued.secretKey()).matches("pk_[0-9a-z]{8}_[0-9A-Za-z]{32}").contains(issued.key().id());
        assertThat(issued.key().email()).isEqualTo("seller@example.com");
        assertThat(store.authenticate(issued.secretKey())).contains(issued.key());
        assertThat(issued.key().active()).isTrue();
    }

    @Test
    void aKeyWithTheRightIdButAWrongSecretIsRefused() {
        IssuedKey issued = store.create("seller@example.com", null);
        String key = issued.secretKey();
        char last = key.charAt(key.length() - 1);
        String tampered = key.substring(0, key.length() - 1) + (last == 'a' ? 'b' : 'a');

        assertThat(store.authenticate(tampered)).isEmpty();
    }

    @Test
    void malformedStringsAreRefused() {
        String key = store.create("seller@example.com", null).secretKey();

        for (String malformed : new String[] {null, "", "pk_", key + "x", key.substring(1), " " + key, key.toUpperCase(),
                key.replace("pk_", "sk_"), "pk_' OR '1'='1_" + key.substring(12), key.substring(0, 11)}) {
            assertThat(store.authenticate(malformed)).as("%s", malformed).isEmpty();
        }
    }

    @Test
    void aWellFormedKeyWithAnUnknownIdIsRefused() {
        assertThat(store.authenticate("pk_zzzzzzzz_" + "A".repeat(32))).isEmpty();
    }

    @Test
    void revokingRefusesTheKeyFromThenOnAndIsIdempotent() {
        IssuedKey issued = store.create("seller@example.com", null);

        assertThat(store.revoke(issued.key().id())).isTrue();
        assertThat(store.revoke(issued.key().id())).isFalse();
        assertThat(store.revoke("unknown1")).isFalse();
        assertThat(store.authenticate(issued.secretKey())).isEmpty();
        assertThat(store.find(issued.key().id())).get().extracting(ApiKey::active).isEqualTo(false);
    }

    @Test
    void theListShowsEveryKeyOldestFirstWithItsStatus() {
        ApiKey first = store.create("first@example.com", null).key();
        ApiKey second = store.create("second@example.com", null).key();
        store.revoke(first.id());

        assertThat(store.list()).extracting(ApiKey::id, ApiKey::email, ApiKey::active)
                .containsExactly(tuple(first.id(), "first@example.com", false),
                        tuple(second.id(), "second@example.com", true));
        assertThat(store.list().get(0).revokedAt()).isAfter(second.createdAt());
    }

    @Test
    void implausibleEmailsAndShortRecoveryPasswordsAreRefusedAndStoreNothing() {
        for (String email : new String[] {"", "seller", "seller@", "@example.com", "sel ler@example.com",
                "seller@example", "a@b@example.com", "x".repeat(250) + "@example.com"}) {
            assertThatThrownBy(() -> store.create(email, null)).as(email).isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> store.create("seller@example.com", "short"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 8");
        assertThat(store.list()).isEmpty();
    }

    @Test
    void recoveryWithTheRightEmailAndPasswordIssuesAFreshKeyAndRevokesTheOldOnes() {
        IssuedKey old = store.create("seller@example.com", PASSWORD);
        IssuedKey otherOfSameSeller = store.create("seller@example.com", null);
        IssuedKey otherSeller = store.create("other@example.com", PASSWORD);

        Optional<IssuedKey> recovered = store.recover(" SELLER@example.com", PASSWORD);

        assertThat(recovered).isPresent();
        assertThat(recovered.get().key().id()).isNotIn(old.key().id(), otherOfSameSeller.key().id());
        assertThat(store.authenticate(recovered.get().secretKey())).contains(recovered.get().key());
        assertThat(store.authenticate(old.secretKey())).isEmpty();
        assertThat(store.authenticate(otherOfSameSeller.secretKey())).isEmpty();
        assertThat(store.authenticate(otherSeller.secretKey())).isPresent();
    }

    @Test
    void recoveryWithAWrongPasswordOrEmailChangesNothing() {
        IssuedKey issued = store.create("seller@example.com", PASSWORD);
        store.create("nopassword@example.com", null);

        assertThat(store.recover("seller@example.com", "wrong horse battery")).isEmpty();
        assertThat(store.recover("other@example.com", PASSWORD)).isEmpty();
        assertThat(store.recover("nopassword@example.com", PASSWORD)).isEmpty();
        assertThat(store.recover("not an email", PASSWORD)).isEmpty();
        assertThat(store.recover("seller@example.com", null)).isEmpty();
        assertThat(store.authenticate(issued.secretKey())).isPresent();
        assertThat(store.list()).hasSize(2).allMatch(ApiKey::active);
    }

    @Test
    void theRecoveredKeyKeepsTheRecoveryPasswordForNextTime() {
        store.create("seller@example.com", PASSWORD);
        IssuedKey recovered = store.recover("seller@example.com", PASSWORD).orElseThrow();

        IssuedKey recoveredAgain = store.recover("seller@example.com", PASSWORD).orElseThrow();

        assertThat(store.authenticate(recovered.secretKey())).isEmpty();
        assertThat(store.authenticate(recoveredAgain.secretKey())).isPresent();
    }

    @Test
    void aKeyRevokedByTheOperatorCannotBeRecovered() {
        IssuedKey issued = store.create("seller@example.com", PASSWORD);
        store.revoke(issued.key().id());

        assertThat(store.recover("seller@example.com", PASSWORD)).isEmpty();
        assertThat(store.list()).hasSize(1);
    }
}

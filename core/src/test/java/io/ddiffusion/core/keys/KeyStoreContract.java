package io.ddiffusion.core.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** What every key store must do; file-backed here, Redis in the redis module. */
public abstract class KeyStoreContract {

    /** A fresh, empty key store. */
    protected abstract KeyStore createStore();

    @Test
    void createdTokenVerifiesAndNamesItsKey() {
        KeyStore store = createStore();
        CreatedKey created = store.create("studio-a");

        assertThat(created.token()).matches("dd_[A-Za-z0-9-]{16}_[A-Za-z0-9-]{43}");
        assertThat(store.verify(created.token())).contains(created.key());
        assertThat(created.key().name()).isEqualTo("studio-a");
    }

    @Test
    void wrongSecretMalformedAndUnknownTokensAreRefused() {
        KeyStore store = createStore();
        CreatedKey created = store.create("studio-a");
        String token = created.token();
        String tampered = token.substring(0, token.length() - 1) + (token.endsWith("A") ? "B" : "A");

        assertThat(store.verify(tampered)).isEmpty();
        assertThat(store.verify("dd_" + created.key().keyId())).isEmpty();
        assertThat(store.verify("not-a-token")).isEmpty();
        assertThat(store.verify(null)).isEmpty();
        assertThat(store.verify("dd_AAAAAAAAAAAAAAAA_" + "B".repeat(43))).isEmpty();
    }

    @Test
    void deletedKeyIsRevokedAtOnce() {
        KeyStore store = createStore();
        CreatedKey created = store.create("studio-a");
        assertThat(store.delete(created.key().keyId())).isTrue();
        assertThat(store.verify(created.token())).isEmpty();
        assertThat(store.delete(created.key().keyId())).isFalse();
        assertThat(store.list()).isEmpty();
    }

    @Test
    void namesAreUnique() {
        KeyStore store = createStore();
        store.create("studio-a");
        assertThatThrownBy(() -> store.create("studio-a")).isInstanceOf(DuplicateKeyNameException.class);
    }

    @Test
    void nameOfDeletedKeyCanBeReused() {
        KeyStore store = createStore();
        store.delete(store.create("studio-a").key().keyId());
        assertThat(store.create("studio-a").key().name()).isEqualTo("studio-a");
    }

    @Test
    void badNamesAreRefused() {
        KeyStore store = createStore();
        assertThatThrownBy(() -> store.create("ab")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.create("a/b/c")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store.create("x".repeat(51))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void listShowsEveryKeyWithoutSecrets() {
        KeyStore store = createStore();
        CreatedKey a = store.create("first");
        CreatedKey b = store.create("second");
        assertThat(store.list()).containsExactlyInAnyOrder(a.key(), b.key());
        assertThat(store.list().toString()).doesNotContain(a.token().substring(20));
    }
}

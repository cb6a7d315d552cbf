package io.cardeck.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.security.SecureRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ApiKeyTest {

    private final SecureRandom random = new SecureRandom();

    @Test
    void aGeneratedKeyParsesBackAndHashesToSha256Hex() {
        ApiKey key = ApiKey.generate(random);
        assertTrue(key.reveal().startsWith("cdk_"));
        assertEquals(47, key.reveal().length());
        assertEquals(key, ApiKey.parse(key.reveal()));
        assertEquals(key.hash(), ApiKey.parse(key.reveal()).hash());
        assertTrue(key.hash().matches("[0-9a-f]{64}"), key.hash());
        assertNotEquals(key.hash(), ApiKey.generate(random).hash());
    }

    @Test
    void theHashIsSha256OfTheKeyText() {
        // python3 -c 'import hashlib; print(hashlib.sha256(("cdk_" + "A" * 43).encode()).hexdigest())'
        assertEquals("b337de0eafbb1750934e8adf75eef5eef24054bb16c94bfa50f4fb8b3b2d8ebe",
                ApiKey.parse("cdk_" + "A".repeat(43)).hash());
    }

    @Test
    void neitherToStringNorTheShownPrefixRevealsTheKey() {
        ApiKey key = ApiKey.generate(random);
        assertFalse(key.toString().contains(key.reveal().substring(10)));
        assertEquals(10, key.shownPrefix().length());
        assertTrue(key.toString().startsWith(key.shownPrefix()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "cdk_", "cdk_short", "abc_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "cdk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "cdk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
            "cdk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA+", "cdk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA\n"})
    void malformedKeysAreRefusedSayingTheFormat(String text) {
        InvalidApiKeyException refused = assertThrows(InvalidApiKeyException.class, () -> ApiKey.parse(text));
        assertTrue(refused.getMessage().contains("'cdk_' followed by 43 characters"), refused.getMessage());
    }
}

package io.cardeck.gateway.it;

import static io.cardeck.gateway.it.UploadLimitsIT.upload;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** More uploads at once than the gateway checks at once (one, in this profile): 429 with Retry-After, nothing lost. */
@QuarkusTest
@TestProfile(UploadBurstProfile.class)
class UploadBurstIT {

    StandInPruner pruner;

    @Test
    void anUploadWhileTheOnePlaceIsTakenIs429WithRetryAfterAndTheCheckedOneIsRegistered() throws Exception {
        byte[] slowModel = TestModels.slowConvolutions(UploadLimitsIT.SLOW_LAYERS);
        assertEquals(201, upload(TestModels.lenet()).statusCode(), "the client and the gateway warmed up");
        int before = pruner.uploads().size();
        CompletableFuture<Response> slow = CompletableFuture.supplyAsync(() -> upload(slowModel));
        // The slow model's bytes arrive within milliseconds; its check holds the place for seconds.
        Thread.sleep(1000);
        Response refused = null;
        int acceptedBefore = 0;
        while (refused == null && !slow.isDone()) {
            Response response = upload(TestModels.lenet());
            if (response.statusCode() == 429) {
                refused = response;
            } else {
                assertEquals(201, response.statusCode(), response.asString());
                acceptedBefore++;
            }
        }
        assertNotNull(refused, "an upload while the slow model was checked: " + slow.get().asString());
        assertEquals("60", refused.getHeader("Retry-After"));
        assertTrue(refused.<String>path("error").contains("the gateway checks 1 uploads at once"), refused.asString());

        Response checked = slow.get(4, TimeUnit.MINUTES);
        assertEquals(201, checked.statusCode(), "the model whose check held the place: " + checked.asString());
        assertEquals(before + acceptedBefore + 1, pruner.uploads().size(),
                "the checked model reached the registry, the refused one not");
        assertEquals(201, upload(TestModels.lenet()).statusCode(), "the place is free again");
    }
}

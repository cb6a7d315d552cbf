package io.cardeck.gateway.it;

import static io.cardeck.gateway.it.TestKeys.asAdmin;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.cardeck.robustness.corruption.Corruptions;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The families the dashboard groups an evaluation's cells in. */
@QuarkusTest
@TestProfile(GatewayTestProfile.class)
class CorruptionFamilyIT {

    @Test
    void everyCorruptionOfTheSuiteIsInExactlyOneFamily() {
        JsonPath families = asAdmin().get("/api/corruption-families").then()
                .statusCode(200)
                .contentType("application/json")
                .extract().jsonPath();
        assertEquals(List.of("noise", "blur", "weather", "digital"), families.getList("family"));
        List<String> grouped = new ArrayList<>();
        families.getList("corruptions", List.class).forEach(corruptions -> grouped.addAll(corruptions));
        assertEquals(grouped.size(), new HashSet<>(grouped).size(), "no corruption in two families: " + grouped);
        assertEquals(new HashSet<>(Corruptions.names()), new HashSet<>(grouped));
        assertTrue(families.getList("find { it.family == 'weather' }.corruptions").contains("fog"));
        assertTrue(families.getList("find { it.family == 'noise' }.corruptions").contains("gaussian_noise"));
    }
}

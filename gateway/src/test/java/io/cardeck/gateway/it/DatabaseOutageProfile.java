package io.cardeck.gateway.it;

import io.cardeck.devstack.DevstackTestResource;
import java.util.List;
import java.util.Map;

/** The gateway's test profile with its database behind a proxy that the test cuts. */
public class DatabaseOutageProfile extends GatewayTestProfile {

    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(DevstackTestResource.class,
                        Map.of(DevstackTestResource.DATABASE_THROUGH_PROXY, "true")),
                new TestResourceEntry(PeerStandIns.class));
    }
}

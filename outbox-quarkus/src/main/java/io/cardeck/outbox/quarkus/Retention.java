package io.cardeck.outbox.quarkus;

import io.agroal.api.AgroalDataSource;
import io.cardeck.outbox.RetentionPolicy;
import io.cardeck.outbox.RetentionRule;
import io.quarkus.arc.All;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jboss.logging.Logger;

/**
 * Deletes, every {@code cardeck.retention.interval}, the rows that have passed their retention: sent
 * outbox rows and processed event ids in every service, and the rows of each {@link RetentionPolicy}
 * a service produces for its own tables. Settings are checked when the service starts. Several
 * instances may run it at once: a row is deleted once, the others skip it.
 */
@Startup
@ApplicationScoped
public class Retention {

    /** The shortest retention accepted: anything shorter is a mistake (a unit left out, "30" read as seconds). */
    static final Duration SHORTEST = Duration.ofMinutes(1);
    static final int LARGEST_BATCH = 100_000;

    private static final Logger LOG = Logger.getLogger(Retention.class);

    private final AgroalDataSource dataSource;
    private final int batchSize;
    private final List<RetentionPolicy> policies;

    Retention(AgroalDataSource dataSource, RetentionConfig config, @All List<RetentionPolicy> servicePolicies) {
        check(config);
        this.dataSource = dataSource;
        this.batchSize = config.batchSize();
        List<RetentionPolicy> all = new ArrayList<>();
        all.add(policy(RetentionRule.SENT_OUTBOX_EVENTS, config.outbox().keepFor()));
        all.add(policy(RetentionRule.PROCESSED_EVENTS, config.processedEvents().keepFor()));
        all.addAll(servicePolicies);
        this.policies = List.copyOf(all);
    }

    /**
     * The policy keeping {@code rule}'s rows for {@code keepFor}, as its setting gives it.
     *
     * @throws IllegalStateException naming the setting, when {@code keepFor} is under {@link #SHORTEST}
     */
    public static RetentionPolicy policy(RetentionRule rule, Duration keepFor) {
        if (keepFor.compareTo(SHORTEST) < 0) {
            throw new IllegalStateException("invalid configuration: cardeck.retention." + rule.kind() + ".keep-for is "
                    + keepFor + "; accepted: 1m or more, such as 7d");
        }
        return new RetentionPolicy(rule, keepFor);
    }

    static void check(RetentionConfig config) {
        if (config.interval().compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalStateException("invalid configuration: cardeck.retention.interval is " + config.interval()
                    + "; accepted: 1s or more, such as 10m");
        }
        if (config.batchSize() < 1 || config.batchSize() > LARGEST_BATCH) {
            throw new IllegalStateException("invalid configuration: cardeck.retention.batch-size is " + config.batchSize()
                    + "; accepted: 1 to " + LARGEST_BATCH + " rows, such as 1000");
        }
    }

    @Scheduled(identity = "cardeck-retention", every = "${cardeck.retention.interval}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        purge();
    }

    /**
     * Deletes now what has passed its retention, kind by kind; a kind that fails (the database
     * unreachable) is logged and tried again at the next run.
     *
     * @return the rows deleted, by kind
     */
    public Map<String, Long> purge() {
        Map<String, Long> deleted = new LinkedHashMap<>();
        for (RetentionPolicy policy : policies) {
            String kind = policy.rule().kind();
            try {
                long rows = policy.purge(dataSource, batchSize);
                deleted.put(kind, rows);
                if (rows > 0) {
                    LOG.infof("retention: deleted %d %s rows older than %s", rows, kind, policy.keepFor());
                }
            } catch (SQLException | RuntimeException e) {
                LOG.warnf("retention of %s failed; tried again in the next run: %s", kind, e.getMessage());
            }
        }
        return deleted;
    }
}

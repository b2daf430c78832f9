package dev.orgexport.devstack.kafka;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;

/** The few Admin calls the dev stack needs; each call opens and closes its own client. */
final class TopicAdmin {

    private static final long TIMEOUT_MS = 30_000;

    private TopicAdmin() {
    }

    static void createTopic(String bootstrapServers, String name, int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, but was " + partitions);
        }
        try (Admin admin = admin(bootstrapServers)) {
            try {
                admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                        .all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                requirePartitionCount(admin, name, partitions);
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not create topic '" + name + "' with " + partitions
                    + " partitions on " + bootstrapServers + " within " + TIMEOUT_MS + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topic '" + name + "'", e);
        }
    }

    /** Returns once the cluster answers a describeCluster request with at least one node. */
    static void awaitCluster(String bootstrapServers) {
        try (Admin admin = admin(bootstrapServers)) {
            int nodes = admin.describeCluster().nodes().get(TIMEOUT_MS, TimeUnit.MILLISECONDS).size();
            if (nodes < 1) {
                throw new IllegalStateException("cluster at " + bootstrapServers + " reports no nodes");
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cluster at " + bootstrapServers + " did not answer within "
                    + TIMEOUT_MS + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for cluster at " + bootstrapServers, e);
        }
    }

    private static void requirePartitionCount(Admin admin, String name, int partitions)
            throws ExecutionException, InterruptedException, TimeoutException {
        Map<String, TopicDescription> existing = admin.describeTopics(List.of(name))
                .allTopicNames().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
        int actual = existing.get(name).partitions().size();
        if (actual != partitions) {
            throw new IllegalStateException("topic '" + name + "' already exists with " + actual
                    + " partitions, not the requested " + partitions);
        }
    }

    private static Admin admin(String bootstrapServers) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "orgexport-devstack-admin",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT_MS));
    }
}

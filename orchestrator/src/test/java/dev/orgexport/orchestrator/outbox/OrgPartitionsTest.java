package dev.orgexport.orchestrator.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class OrgPartitionsTest {

    @Test
    void the_spread_order_is_a_permutation_of_every_partition_count() {
        for (int partitions = 1; partitions <= 300; partitions++) {
            int[] sorted = OrgPartitions.spreadOrder(partitions).clone();
            Arrays.sort(sorted);
            assertThat(sorted).as("partitions %d", partitions).isEqualTo(IntStream.range(0, partitions).toArray());
        }
    }

    @Test
    void the_spread_order_alternates_between_the_halves_of_the_partitions() {
        assertThat(OrgPartitions.spreadOrder(12)).containsExactly(0, 6, 3, 9, 1, 7, 4, 10, 2, 8, 5, 11);
        assertThat(OrgPartitions.spreadOrder(6)).containsExactly(0, 3, 1, 4, 2, 5);
        assertThat(OrgPartitions.spreadOrder(1)).containsExactly(0);
    }

    @Test
    void any_number_of_orgs_is_split_evenly_between_two_contiguous_halves_of_twelve_partitions() {
        int[] order = OrgPartitions.spreadOrder(12);
        for (int orgs = 1; orgs <= 100; orgs++) {
            int low = 0;
            for (int slot = 0; slot < orgs; slot++) {
                low += order[slot % 12] < 6 ? 1 : 0;
            }
            assertThat(Math.abs(2 * low - orgs)).as("%d orgs", orgs).isLessThanOrEqualTo(1);
        }
    }
}

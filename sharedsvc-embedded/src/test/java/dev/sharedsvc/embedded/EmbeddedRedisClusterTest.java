package dev.sharedsvc.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.time.Duration;

import org.junit.jupiter.api.Test;

class EmbeddedRedisClusterTest {

    @Test
    void threeMastersFormAClusterThatCoversEverySlot() throws IOException {
        try (EmbeddedRedisCluster cluster = EmbeddedRedisCluster.builder()
                .executable(TestServers.redisBinary()).start()) {
            assertThat(cluster.nodes()).hasSize(3);
            for (RedisSettings node : cluster.nodes()) {
                try (RespConnection connection = new RespConnection(node.host(), node.port(), Duration.ofSeconds(2))) {
                    assertThat(connection.call("CLUSTER", "INFO"))
                            .contains("cluster_state:ok", "cluster_slots_assigned:16384", "cluster_known_nodes:3",
                                    "cluster_size:3");
                    assertThat(connection.call("SELECT", "1")).startsWith("-ERR SELECT is not allowed in cluster mode");
                }
            }
        }
    }

    @Test
    void theMasterCountIsChecked() {
        assertThatThrownBy(() -> EmbeddedRedisCluster.builder().masters(0))
                .hasMessage("masters must be 1 to 16, was 0");
    }
}

package trough.sync.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AgentSettingsTest {
    @Test
    void aFailingDownloadWaitsTwiceAsLongAfterEachFailedRoundUpToTheCap() {
        AgentSettings settings = new AgentSettings(Duration.ofSeconds(2), 1, 1, 1, false, Duration.ofSeconds(2));
        assertEquals(Duration.ZERO, settings.backoffAfter(0));
        assertEquals(Duration.ofSeconds(2), settings.backoffAfter(1));
        assertEquals(Duration.ofSeconds(4), settings.backoffAfter(2));
        assertEquals(Duration.ofSeconds(128), settings.backoffAfter(7));
        assertEquals(AgentSettings.MAX_RETRY_BACKOFF, settings.backoffAfter(9));
        assertEquals(AgentSettings.MAX_RETRY_BACKOFF, settings.backoffAfter(1_000));
    }

    @Test
    void zeroBackoffTriesAgainEveryRound() {
        assertEquals(Duration.ZERO, new AgentSettings(Duration.ofSeconds(2), 1, 1, 1, false, Duration.ZERO).backoffAfter(5));
    }

    @Test
    void theDefaultBackoffStartsAtOneInterval() {
        assertEquals(Duration.ofSeconds(2), AgentSettings.defaults().backoffAfter(1));
    }
}

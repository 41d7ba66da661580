package trough.worker.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;
import trough.core.registry.PlacementRound;
import trough.core.registry.RegistryException;

/**
 * The sync master's last placement round, as the registry holds it, on every worker's {@code /metrics}: a sync
 * server serves no HTTP of its own. A scrape reads the registry once for all these gauges; before any round,
 * or when the registry cannot be read, they are left out of the scrape rather than failing it.
 */
final class PlacementGauges implements MultiCollector {
    private record Gauge(String help, ToDoubleFunction<PlacementRound> figure) {}

    private static final Map<String, Gauge> GAUGES = new LinkedHashMap<>();

    static {
        GAUGES.put("trough_placement_segments_under_replicated",
                new Gauge("segments with fewer than R copies on live workers, at the sync master's last round", PlacementRound::underReplicated));
        GAUGES.put("trough_placement_segments_short_of_workers",
                new Gauge("segments placed on fewer than R workers for want of eligible ones, at the last round", PlacementRound::shortOfWorkers));
        GAUGES.put("trough_placement_segments", new Gauge("segments placed in the last round", PlacementRound::segments));
        GAUGES.put("trough_placement_workers", new Gauge("workers placed on in the last round", PlacementRound::workers));
        GAUGES.put("trough_placement_round_assigned", new Gauge("assignments the last round added", PlacementRound::assigned));
        GAUGES.put("trough_placement_round_unassigned", new Gauge("assignments the last round removed", PlacementRound::unassigned));
        GAUGES.put("trough_placement_round_duration_seconds", new Gauge("how long the last round took", round -> round.durationMillis() / 1000.0));
        GAUGES.put("trough_placement_round_finished_timestamp_seconds",
                new Gauge("when the last round ended (the registry's clock, Unix time)", round -> round.finishedAtMillis() / 1000.0));
    }

    private final Supplier<Optional<PlacementRound>> lastRound;

    PlacementGauges(Supplier<Optional<PlacementRound>> lastRound) {
        this.lastRound = lastRound;
    }

    @Override
    public MetricSnapshots collect() {
        Optional<PlacementRound> round;
        try {
            round = lastRound.get();
        } catch (RegistryException e) {
            round = Optional.empty();
        }
        if (round.isEmpty()) return MetricSnapshots.of();
        List<MetricSnapshot> snapshots = new ArrayList<>();
        for (Map.Entry<String, Gauge> gauge : GAUGES.entrySet()) {
            snapshots.add(GaugeSnapshot.builder().name(gauge.getKey()).help(gauge.getValue().help())
                    .dataPoint(GaugeDataPointSnapshot.builder().value(gauge.getValue().figure().applyAsDouble(round.get())).build()).build());
        }
        return new MetricSnapshots(snapshots);
    }

    @Override
    public List<String> getPrometheusNames() {
        return List.copyOf(GAUGES.keySet());
    }
}

package trough.core.api;

import java.util.List;
import trough.core.schema.SchemaDefinition;

/**
 * What any node says about the cluster: its workers and schemas, under a version that changes whenever
 * segments or schemas change. Segments are listed separately, per schema and in pages
 * ({@link ClusterSegmentPage}), so a client never has to hold every segment to connect.
 */
public record ClusterMap(String version, List<String> workers, List<SchemaDefinition> schemas) {
    public ClusterMap {
        workers = List.copyOf(workers);
        schemas = List.copyOf(schemas);
    }
}

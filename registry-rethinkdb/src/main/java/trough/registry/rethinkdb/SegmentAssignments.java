package trough.registry.rethinkdb;

import com.rethinkdb.RethinkDB;
import com.rethinkdb.gen.ast.ReqlExpr;
import com.rethinkdb.gen.ast.ReqlFunction3;
import com.rethinkdb.gen.ast.Table;
import com.rethinkdb.model.MapObject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import trough.core.registry.Assignment;
import trough.core.segment.SegmentId;

/**
 * The assignments as RethinkDB stores them: one document per segment, {@code {id: segment, workers: [...],
 * epoch}}, with a multi index on {@code workers} for a worker's own. A first placement writes one document and
 * R index entries per segment, where a document per assignment cost R documents and R index entries: about half
 * the server's work (docs/registry.md has the figures).
 *
 * <p>{@code epoch} is that of the leader that last wrote the document: a write of an older epoch leaves the
 * document as it is, so a stale leader's late write never undoes a newer leader's. A document left with no
 * worker is deleted.
 */
final class SegmentAssignments {
    static final String WORKERS = "workers";
    /** How many times smaller a chunk of removals that differ is than one of removals alike. */
    private static final int MIXED_SMALLER = 5;

    private static final RethinkDB r = RethinkDB.r;

    private SegmentAssignments() {}

    /** The workers of each segment, in segment order, each list sorted: the unit every write is made of. */
    static Map<String, List<String>> bySegment(Collection<Assignment> assignments) {
        Map<String, TreeSet<String>> grouped = new TreeMap<>();
        for (Assignment a : assignments) grouped.computeIfAbsent(a.segment().value(), segment -> new TreeSet<>()).add(a.worker());
        Map<String, List<String>> sorted = new TreeMap<>();
        grouped.forEach((segment, workers) -> sorted.put(segment, List.copyOf(workers)));
        return sorted;
    }

    /** Splits the segments into chunks of about {@code size} assignments, no segment split between two. */
    static List<Map<String, List<String>>> chunks(Map<String, List<String>> bySegment, int size) {
        List<Map<String, List<String>>> chunks = new ArrayList<>();
        Map<String, List<String>> chunk = new TreeMap<>();
        int assignments = 0;
        for (Map.Entry<String, List<String>> segment : bySegment.entrySet()) {
            chunk.put(segment.getKey(), segment.getValue());
            assignments += segment.getValue().size();
            if (assignments >= size) {
                chunks.add(chunk);
                chunk = new TreeMap<>();
                assignments = 0;
            }
        }
        if (!chunk.isEmpty()) chunks.add(chunk);
        return chunks;
    }

    /** Adds the workers to their segments' documents, unless a newer leader wrote a document last. */
    static ReqlExpr add(Table table, Map<String, List<String>> chunk, long epoch, String durability) {
        List<MapObject<Object, Object>> documents = new ArrayList<>(chunk.size());
        chunk.forEach((segment, workers) -> documents.add(r.hashMap("id", segment).with(WORKERS, workers).with("epoch", epoch)));
        return table.insert(documents).optArg("durability", durability).optArg("conflict",
                (ReqlFunction3) (id, existing, proposed) -> r.branch(existing.g("epoch").gt(proposed.g("epoch")), existing,
                        proposed.merge(r.hashMap(WORKERS, existing.g(WORKERS).setUnion(proposed.g(WORKERS))))));
    }

    /**
     * The removals in chunks: segments that lose the same workers (a lost worker's, a joining worker's moves from
     * one worker) in chunks of about {@code size} assignments when they are many; the others mixed, in chunks five
     * times smaller, as a mixed chunk costs the server about twice as much a segment (see {@link #remove}).
     */
    static List<Map<String, List<String>>> removals(Collection<Assignment> removed, int size) {
        Map<List<String>, Map<String, List<String>>> alike = new LinkedHashMap<>();
        bySegment(removed).forEach((segment, workers) -> alike.computeIfAbsent(workers, lost -> new TreeMap<>()).put(segment, workers));
        List<Map<String, List<String>>> chunks = new ArrayList<>();
        Map<String, List<String>> mixed = new TreeMap<>();
        for (Map<String, List<String>> group : alike.values()) {
            if (group.size() * group.values().iterator().next().size() >= size / MIXED_SMALLER) chunks.addAll(chunks(group, size));
            else mixed.putAll(group);
        }
        chunks.addAll(chunks(mixed, size / MIXED_SMALLER));
        return chunks;
    }

    /**
     * Takes the workers out of their segments' documents, unless a newer leader wrote a document last; a document
     * left with no worker is deleted. One write of a selection: the server runs it several times faster than a
     * write per segment (5,000 segments: 0.8-1.0 s, against 4.3 s), the more so when the segments all lose the same
     * workers (2.3 s when each looks up its own in a map). Each query must answer within the registry's timeout
     * (10 s by default) on a loaded server: chunks of 5,000 mixed removals, four at once, did not.
     */
    static ReqlExpr remove(Table table, Map<String, List<String>> chunk, long epoch, String durability) {
        Object[] segments = chunk.keySet().toArray();
        Set<List<String>> lost = new HashSet<>(chunk.values());
        if (lost.size() == 1) {
            ReqlExpr workers = r.expr(lost.iterator().next());
            return table.getAll(r.args(segments)).replace(document -> without(document, workers, epoch)).optArg("durability", durability);
        }
        MapObject<Object, Object> bySegment = r.hashMap();
        chunk.forEach(bySegment::with);
        return r.expr(bySegment).do_(workersOf -> table.getAll(r.args(segments))
                .replace(document -> without(document, workersOf.g(document.g("id")), epoch)).optArg("durability", durability));
    }

    private static ReqlExpr without(ReqlExpr document, ReqlExpr workers, long epoch) {
        return r.branch(document.g("epoch").gt(epoch), document,
                document.g(WORKERS).difference(workers).do_(left -> r.branch(left.isEmpty(), null,
                        document.merge(r.hashMap(WORKERS, left).with("epoch", epoch)))));
    }

    /** The documents of a worker's segments. */
    static ReqlExpr ofWorker(Table table, String worker) {
        return table.getAll(worker).optArg("index", WORKERS);
    }

    /** The assignments a document holds, in worker order. */
    static List<Assignment> assignments(Document document) {
        SegmentId segment = SegmentId.of(document.text("id"));
        return document.texts(WORKERS).stream().sorted().map(worker -> new Assignment(segment, worker)).toList();
    }
}

package trough.sync.master;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import trough.sync.placement.RingMember;

/**
 * What set a placement round off, in words for the log and the round's report: the workers that came and went,
 * the segments and replicas that changed, the safety sweep.
 */
final class RoundChanges {
    static final String FIRST = "first round as master";
    private static final int NAMED = 5;

    private RoundChanges() {}

    /** The workers that joined, left or changed between two rounds; empty when none did. */
    static List<String> ofWorkers(List<RingMember> previous, List<RingMember> members) {
        Map<String, RingMember> before = byId(previous);
        Map<String, RingMember> now = byId(members);
        List<String> parts = new ArrayList<>();
        named(parts, "workers joined", now.keySet().stream().filter(id -> !before.containsKey(id)).toList());
        named(parts, "workers left", before.keySet().stream().filter(id -> !now.containsKey(id)).toList());
        named(parts, "workers changed capacity or tier",
                now.keySet().stream().filter(id -> before.containsKey(id) && !before.get(id).equals(now.get(id))).toList());
        return parts;
    }

    /** The round's cause: the workers' changes, then counts of the registry's; "nothing changed" when there are none. */
    static String describe(List<String> parts, int segments, int replicas, boolean servingChanged, boolean swept) {
        List<String> all = new ArrayList<>(parts);
        if (segments > 0) all.add(String.format("segments changed: %,d", segments));
        if (replicas > 0) all.add(String.format("replicas changed: %,d", replicas));
        if (servingChanged) all.add("workers stopped or resumed serving");
        if (swept) all.add("safety sweep");
        return all.isEmpty() ? "nothing changed" : String.join("; ", all);
    }

    private static void named(List<String> parts, String what, List<String> ids) {
        if (ids.isEmpty()) return;
        String shown = String.join(", ", ids.subList(0, Math.min(NAMED, ids.size())));
        parts.add(what + ": " + shown + (ids.size() > NAMED ? " and " + (ids.size() - NAMED) + " more" : ""));
    }

    private static Map<String, RingMember> byId(List<RingMember> members) {
        Map<String, RingMember> byId = new LinkedHashMap<>();
        for (RingMember member : members) byId.put(member.id(), member);
        return byId;
    }
}

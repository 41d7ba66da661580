package trough.sync.master;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import trough.sync.placement.RingMember;

/** What set a placement round off, in words for the log and the round's report: the workers that came and went, a registry change. */
final class RoundChanges {
    static final String FIRST = "first round as master";
    private static final int NAMED = 5;

    private RoundChanges() {}

    /** {@code previous} is null for a master's first round. */
    static String between(List<RingMember> previous, String previousVersion, List<RingMember> members, String version) {
        if (previous == null) return FIRST;
        Map<String, RingMember> before = byId(previous);
        Map<String, RingMember> now = byId(members);
        List<String> parts = new ArrayList<>();
        named(parts, "workers joined", now.keySet().stream().filter(id -> !before.containsKey(id)).toList());
        named(parts, "workers left", before.keySet().stream().filter(id -> !now.containsKey(id)).toList());
        named(parts, "workers changed capacity or tier",
                now.keySet().stream().filter(id -> before.containsKey(id) && !before.get(id).equals(now.get(id))).toList());
        if (!version.equals(previousVersion)) parts.add("registry changed");
        return parts.isEmpty() ? "nothing changed" : String.join("; ", parts);
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

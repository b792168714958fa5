package io.bucketbrigade.records;

import java.util.LinkedHashMap;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * An operator's decision on a dataset whose profile needs approval: who, when, why, and for which checked state of
 * the dataset ({@code version}: its checked version; a change after the decision needs a new one). Stored as the
 * map {@code approval} of the experiment item.
 *
 * @param reason null when none was given
 */
public record Approval(Decision decision, String by, String at, String reason, long version) {

    /** Approved (publish) or rejected (hold). */
    public enum Decision {
        APPROVED("approved"),
        REJECTED("rejected");

        private final String wire;

        Decision(String wire) {
            this.wire = wire;
        }

        @JsonValue
        public String wire() {
            return wire;
        }

        static Decision of(String wire) {
            return APPROVED.wire.equals(wire) ? APPROVED : REJECTED;
        }
    }

    public boolean approved() {
        return decision == Decision.APPROVED;
    }

    /** What the API shows of it (the stored map as plain values). */
    public Map<String, Object> view() {
        Map<String, Object> view = new java.util.TreeMap<>();
        view.put("decision", decision.wire());
        view.put("by", by);
        view.put("at", at);
        if (reason != null) {
            view.put("reason", reason);
        }
        view.put("version", version);
        return view;
    }

    /** The stored map: decision, by, at, reason (when given), version. */
    Map<String, Object> plain() {
        Map<String, Object> plain = new LinkedHashMap<>();
        plain.put("decision", decision.wire());
        plain.put("by", by);
        plain.put("at", at);
        if (reason != null) {
            plain.put("reason", reason);
        }
        plain.put("version", version);
        return plain;
    }

    static Approval from(Map<?, ?> plain) {
        return new Approval(Decision.of((String) plain.get("decision")), (String) plain.get("by"),
                (String) plain.get("at"), (String) plain.get("reason"), ((Number) plain.get("version")).longValue());
    }
}

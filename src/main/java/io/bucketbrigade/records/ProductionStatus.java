package io.bucketbrigade.records;

/**
 * The status of a dataset's production tier ({@code status.production} of its experiment item): published, or why
 * not. Stored as the state's name, followed for some by {@code ": "} and a detail for people ({@code WAITING: not
 * checked yet}, {@code HELD: the dataset is Invalid}).
 *
 * @param detail why, for people; null when the state says it all
 */
public record ProductionStatus(State state, String detail) {

    /** Where the dataset stands on its way to production. */
    public enum State {
        /** its current version is in production */
        PUBLISHED,
        /** not checked in its latest state yet: it will move on its own */
        WAITING,
        /** not published until someone acts: not valid, rejected, or an output tampered with */
        HELD,
        /** valid, and its profile needs an operator's approval of this checked state */
        AWAITING_APPROVAL,
        /** withdrawn from production by an operator: published again only once a later state is checked */
        RETRACTED
    }

    public static final ProductionStatus PUBLISHED = new ProductionStatus(State.PUBLISHED, null);
    public static final ProductionStatus AWAITING_APPROVAL = new ProductionStatus(State.AWAITING_APPROVAL, null);

    public static ProductionStatus waiting(String detail) {
        return new ProductionStatus(State.WAITING, detail);
    }

    public static ProductionStatus retracted(String detail) {
        return new ProductionStatus(State.RETRACTED, detail);
    }

    public static ProductionStatus held(String detail) {
        return new ProductionStatus(State.HELD, detail);
    }

    /** As it is stored and shown: {@code STATE} or {@code STATE: detail}. */
    public String wire() {
        return detail == null ? state.name() : state.name() + ": " + detail;
    }

    /** The status stored as {@code wire}. */
    public static ProductionStatus of(String wire) {
        int colon = wire.indexOf(": ");
        return colon < 0 ? new ProductionStatus(State.valueOf(wire), null)
                : new ProductionStatus(State.valueOf(wire.substring(0, colon)), wire.substring(colon + 2));
    }

    @Override
    public String toString() {
        return wire();
    }
}

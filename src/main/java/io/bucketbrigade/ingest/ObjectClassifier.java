package io.bucketbrigade.ingest;

import java.util.Optional;

import io.bucketbrigade.profiles.Classification;
import io.bucketbrigade.profiles.ProfileCatalog;
import io.bucketbrigade.records.LedgerEntry;
import io.bucketbrigade.records.ObjectLedger;
import org.springframework.stereotype.Component;

/**
 * Decides what an object is before any byte is read: a console "folder" (skipped), a key that breaks the naming
 * rules or fits no profile's layout (rejected, unless an older version than one already recorded: skipped, since
 * events arrive late and out of order), or a file of a dataset with its place in source (accepted). An accepted
 * version older than one already ingested is skipped by the copy itself: its read asks for the event's ETag, and
 * its commit reads the ledger first ({@link SourceWriter}).
 */
@Component("objectClassifier")
public class ObjectClassifier {

    private final ProfileCatalog profiles;
    private final ObjectLedger ledger;

    ObjectClassifier(ProfileCatalog profiles, ObjectLedger ledger) {
        this.profiles = profiles;
        this.ledger = ledger;
    }

    /**
     * What the profiles make of a key. The profile that takes it checks its naming rules (a key that breaks them is
     * still attributed to its dataset, so that curators find the rejection with the rest of their dataset); a key
     * no profile takes is held to the portable rules before it is refused as {@code no-profile}.
     */
    public Classification classify(String key) {
        Classification claimed = profiles.classify(key);
        if (claimed.profile() != null) {
            return claimed;
        }
        Optional<Classification.Rejected> badName = KeyRules.check(key);
        return badName.<Classification>map(r -> r).orElse(claimed);
    }

    public IngestItem classify(IngestItem item) {
        ObjectEvent event = item.getEvent();
        if (event.folderMarker()) {
            item.markSkipped("a folder marker (empty key ending in '/'), not a file");
            return item;
        }
        Classification result = classify(event.key());
        item.markClassified(result);
        // an accepted version is held to the ledger once, when its copy to source is committed (SourceWriter): a
        // read here too would cost every object a request to save work on the few events that come late. A refusal
        // is held to it here; its ledger write starts from what was read
        if (result instanceof Classification.Rejected && result.datasetId() != null) {
            Optional<LedgerEntry> recorded = ledger.find(result.datasetId(), event.key());
            if (recorded.filter(entry -> entry.newerThan(event.sequencer())).isPresent()) {
                item.markSkipped("stale: a newer version of the object was already ingested (this event's sequencer "
                        + "is " + event.sequencer() + ")");
            }
            item.markLedgerRead(recorded);
        }
        return item;
    }
}

package io.bucketbrigade.ingest;

import java.util.Optional;

import io.bucketbrigade.profiles.Classification;
import io.bucketbrigade.profiles.ProfileCatalog;
import io.bucketbrigade.records.ObjectLedger;
import org.springframework.stereotype.Component;

/**
 * Decides what an object is before any byte is read: a console "folder" (skipped), a key that breaks the naming
 * rules or fits no profile's layout (rejected), an older version than one already ingested (skipped: events
 * arrive late and out of order), or a file of a dataset with its place in source (accepted).
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
        if (result.datasetId() != null && ledger.newerRecorded(result.datasetId(), event.key(), event.sequencer())) {
            item.markSkipped("stale: a newer version of the object was already ingested (this event's sequencer is "
                    + event.sequencer() + ")");
        }
        return item;
    }
}

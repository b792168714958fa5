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
     * What the naming rules and the profiles make of a key. A key that breaks a naming rule is still attributed to
     * the dataset a profile would give it, so that curators find the rejection with the rest of their dataset.
     */
    public Classification classify(String key) {
        Classification claimed = profiles.classify(key);
        Optional<Classification.Rejected> badName = KeyRules.check(key);
        return badName.<Classification>map(r -> new Classification.Rejected(claimed.profile(), claimed.datasetId(),
                r.rule(), r.message())).orElse(claimed);
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

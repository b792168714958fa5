package io.bucketbrigade.promote;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;

import io.bucketbrigade.ingest.IngestLag;
import io.bucketbrigade.jobs.Operations;
import io.bucketbrigade.profiles.ProfileCatalog;
import io.bucketbrigade.promote.GateDecision.Verdict;
import io.bucketbrigade.records.ProductionStatus;
import io.bucketbrigade.records.StoredItems;
import io.bucketbrigade.support.ShippedProfiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The promote gate's decisions on experiment items, with the shipped profiles (cellpainting needs approval). */
class PromoteGateTest {

    static final String DATASET = "0123456789abcdef0123456789abcdef";

    final ProfileCatalog profiles = ShippedProfiles.load();
    final PromoteGate gate = new PromoteGate(null, profiles, new PromoteProperties(false, null), new IngestLag());
    final PromoteRequest request = PromoteRequest.of(" " + DATASET + "\n");

    @AfterEach
    void stop() {
        profiles.destroy();
    }

    static Map<String, AttributeValue> experiment(String profile, String processed, long checked, long changed) {
        Map<String, AttributeValue> item = new HashMap<>(Map.of("experimentId", AttributeValue.fromS(DATASET),
                "profile", AttributeValue.fromS(profile), "changeVersion", AttributeValue.fromN("" + changed),
                "processedFiles", AttributeValue.fromN("4"), "processedBytes", AttributeValue.fromN("2048")));
        if (processed != null) {
            item.put("status", AttributeValue.fromM(Map.of("processed", AttributeValue.fromS(processed),
                    "production", AttributeValue.fromS("PUBLISHED"))));
            item.put("checkedVersion", AttributeValue.fromN("" + checked));
        }
        return item;
    }

    static Map<String, AttributeValue> approved(Map<String, AttributeValue> item, String decision, long version) {
        item.put("approval", AttributeValue.fromM(Map.of("decision", AttributeValue.fromS(decision),
                "by", AttributeValue.fromS("ann"), "at", AttributeValue.fromS("2026-12-01T00:00:00Z"),
                "reason", AttributeValue.fromS("plates"), "version", AttributeValue.fromN("" + version))));
        return item;
    }

    @Nested
    class Open {

        @Test
        void aValidDatasetCheckedInItsLatestStateIsOpenWithTheFactsARouteDecidesOn() {
            GateDecision decision = gate.decision(request, StoredItems.dataset(experiment("tenx", "Valid", 3, 3)));

            assertThat(decision.verdict()).isEqualTo(Verdict.OPEN);
            assertThat(decision.datasetId()).isEqualTo(DATASET);
            assertThat(decision.profile()).isEqualTo("tenx");
            assertThat(decision.processedFiles()).isEqualTo(4);
            assertThat(decision.processedBytes()).isEqualTo(2048);
            assertThat(decision.productionStatus()).isEqualTo(ProductionStatus.PUBLISHED);
        }

        @Test
        void anApprovalOfItsCheckedStateOpensAProfileThatNeedsOne() {
            assertThat(gate.decision(request, StoredItems.dataset(approved(experiment("cellpainting", "Valid", 3, 3), "approved", 3)))
                    .verdict()).isEqualTo(Verdict.OPEN);
        }

        @Test
        void autoApproveOpensItWithoutAnOperator() {
            PromoteGate auto = new PromoteGate(null, profiles, new PromoteProperties(true, null), new IngestLag());

            assertThat(auto.decision(request, StoredItems.dataset(experiment("cellpainting", "Valid", 3, 3))).verdict())
                    .isEqualTo(Verdict.OPEN);
        }
    }

    @Nested
    class Closed {

        @Test
        void notCheckedYetWaits() {
            assertThat(gate.decision(request, StoredItems.dataset(experiment("tenx", null, 0, 1))).status().wire())
                    .isEqualTo("WAITING: not checked yet");
        }

        @Test
        void changedSinceItsLastCheckWaits() {
            assertThat(gate.decision(request, StoredItems.dataset(experiment("tenx", "Valid", 2, 3))).status().wire())
                    .isEqualTo("WAITING: changed since its last check");
        }

        @Test
        void anInvalidDatasetIsHeld() {
            assertThat(gate.decision(request, StoredItems.dataset(experiment("tenx", "Invalid", 3, 3))).status().wire())
                    .isEqualTo("HELD: the dataset is Invalid");
        }

        @Test
        void aTamperedDatasetIsHeldNamingTheObject() {
            Map<String, AttributeValue> item = experiment("tenx", "Valid", 3, 3);
            item.put("tampered", AttributeValue.fromM(Map.of(DATASET + "/s1/x.gz", AttributeValue.fromS("why"))));

            assertThat(gate.decision(request, StoredItems.dataset(item)).status().wire()).startsWith("HELD: tampered-output: "
                    + DATASET + "/s1/x.gz overwritten from outside");
        }

        @Test
        void aProfileThatNeedsApprovalAwaitsOneForItsCheckedState() {
            assertThat(gate.decision(request, StoredItems.dataset(experiment("cellpainting", "Valid", 3, 3))).status().wire())
                    .isEqualTo("AWAITING_APPROVAL");
            assertThat(gate.decision(request, StoredItems.dataset(approved(experiment("cellpainting", "Valid", 4, 4), "approved", 3)))
                    .verdict()).as("approved before the last change").isEqualTo(Verdict.AWAITING_APPROVAL);
        }

        @Test
        void aRejectionHoldsItWithWhoAndWhy() {
            assertThat(gate.decision(request, StoredItems.dataset(approved(experiment("cellpainting", "Valid", 3, 3), "rejected", 3)))
                    .status().wire()).isEqualTo("HELD: rejected by ann (plates)");
        }
    }

    @Nested
    class Settling {

        static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

        final IngestLag lag = new IngestLag();
        final PromoteGate gate = new PromoteGate(null, profiles, new PromoteProperties(false, null), lag,
                Clock.fixed(NOW, ZoneOffset.UTC));

        Map<String, AttributeValue> lastFileAt(Instant arrived) {
            Map<String, AttributeValue> item = experiment("tenx", "Valid", 3, 3);
            item.put("lastIngestedAt", AttributeValue.fromS(arrived.toString()));
            return item;
        }

        @Test
        void aDepositWithinItsQuietPeriodWaitsAndAsksForAWakeUpWhenItSettles() {
            GateDecision decision = gate.decision(request, StoredItems.dataset(lastFileAt(NOW.minusSeconds(30))));

            assertThat(decision.status().wire()).isEqualTo("WAITING: receiving files; considered for publication"
                    + " once none has arrived for 10m (at 2026-12-01T12:09:30Z)");
            assertThat(decision.wakeUpDelaySeconds()).isEqualTo(570);
            assertThat(decision.wakeAt()).isEqualTo(Instant.parse("2026-12-01T12:09:30Z"));
        }

        @Test
        void itWaitsEvenUncheckedOrInvalidSoNoVerdictIsPassedOnAHalfDeposit() {
            Map<String, AttributeValue> unchecked = experiment("tenx", null, 0, 1);
            unchecked.put("lastIngestedAt", AttributeValue.fromS(NOW.minusSeconds(1).toString()));
            Map<String, AttributeValue> invalid = lastFileAt(NOW.minusSeconds(1));
            invalid.put("status", AttributeValue.fromM(Map.of("processed", AttributeValue.fromS("Invalid"))));

            assertThat(gate.decision(request, StoredItems.dataset(unchecked)).status().wire())
                    .startsWith("WAITING: receiving files");
            assertThat(gate.decision(request, StoredItems.dataset(invalid)).status().wire())
                    .startsWith("WAITING: receiving files");
        }

        @Test
        void aWakeUpComingAlreadyIsNotAskedForAgainButOneDueNowIs() {
            Map<String, AttributeValue> pending = lastFileAt(NOW.minusSeconds(30));
            pending.put("settleWakeAt", AttributeValue.fromS(NOW.plusSeconds(60).toString()));
            Map<String, AttributeValue> due = lastFileAt(NOW.minusSeconds(30));
            due.put("settleWakeAt", AttributeValue.fromS(NOW.plusSeconds(5).toString()));

            assertThat(gate.decision(request, StoredItems.dataset(pending))).satisfies(d -> {
                assertThat(d.verdict()).isEqualTo(Verdict.WAITING);
                assertThat(d.wakeAt()).isNull();
            });
            assertThat(gate.decision(request, StoredItems.dataset(due)).wakeAt()).isNotNull();
        }

        @Test
        void aQuietPeriodLongerThanSqsCanDelayTakesSeveralWakeUps() {
            Map<String, AttributeValue> item = experiment("cellpainting", "Valid", 3, 3);
            item.put("lastIngestedAt", AttributeValue.fromS(NOW.minusSeconds(60).toString()));

            assertThat(gate.decision(request, StoredItems.dataset(item)).wakeUpDelaySeconds())
                    .isEqualTo(GateDecision.LONGEST_WAKE_UP_SECONDS);
        }

        @Test
        void whileTheIngestHopIsBehindItsLagIsAddedSoFilesStillQueuedAreWaitedFor() {
            lag.taken(NOW.minusSeconds(45), NOW.minusSeconds(5)); // took, 5 s ago, a file uploaded 40 s before

            GateDecision decision = gate.decision(request, StoredItems.dataset(lastFileAt(NOW.minusSeconds(600))));

            assertThat(decision.status().wire()).isEqualTo("WAITING: receiving files; considered for publication"
                    + " once none has arrived for 10m (at 2026-12-01T12:00:40Z, ingest being 40 s behind)");
            assertThat(decision.wakeUpDelaySeconds()).isEqualTo(40);
        }

        @Test
        void aLagIsForgottenOnceNothingWasTakenForAsLongOrAMinute() {
            lag.taken(NOW.minusSeconds(80), NOW.minusSeconds(40));
            assertThat(lag.at(NOW)).isEqualTo(Duration.ZERO);

            lag.taken(NOW.minus(Duration.ofDays(7)), NOW.minusSeconds(30)); // a week-old object, re-driven
            assertThat(lag.at(NOW)).as("still coming").isEqualTo(Duration.ofDays(7).minusSeconds(30));
            assertThat(lag.at(NOW.plusSeconds(31))).as("nothing taken for a minute").isEqualTo(Duration.ZERO);

            lag.taken(NOW.minusSeconds(80), NOW.minusSeconds(40));
            assertThat(gate.decision(request, StoredItems.dataset(lastFileAt(NOW.minusSeconds(600)))).verdict())
                    .isEqualTo(Verdict.OPEN);
        }

        @Test
        void onceSettledTheGateDecidesAsBefore() {
            assertThat(gate.decision(request, StoredItems.dataset(lastFileAt(NOW.minusSeconds(600)))).verdict())
                    .isEqualTo(Verdict.OPEN);
        }

        @Test
        void settleAtMostShortensEveryProfilesQuietPeriod() {
            PromoteGate local = new PromoteGate(null, profiles, new PromoteProperties(false, Duration.ZERO), lag,
                    Clock.fixed(NOW, ZoneOffset.UTC));

            assertThat(local.decision(request, StoredItems.dataset(lastFileAt(NOW.minusSeconds(1)))).verdict())
                    .isEqualTo(Verdict.OPEN);
        }
    }

    @Nested
    class DecidedInTheRoute {

        @Test
        void holdKeepsAnOpenDatasetOutAndLeavesOthersAsTheyAre() {
            GateDecision open = gate.decision(request, StoredItems.dataset(experiment("tenx", "Valid", 3, 3)));
            GateDecision waiting = gate.decision(request, StoredItems.dataset(experiment("tenx", "Valid", 2, 3)));

            assertThat(gate.hold(open, "tenx stays in processed").status().wire()).isEqualTo("HELD: tenx stays in processed");
            assertThat(gate.hold(waiting, "tenx stays in processed")).isEqualTo(waiting);
        }

        @Test
        void requireApprovalAsksForOneAsAProfileWould() {
            GateDecision open = gate.decision(request, StoredItems.dataset(experiment("tenx", "Valid", 3, 3)));
            GateDecision approved = gate.decision(request, StoredItems.dataset(approved(experiment("tenx", "Valid", 3, 3), "approved", 3)));
            GateDecision rejected = gate.decision(request, StoredItems.dataset(approved(experiment("tenx", "Valid", 3, 3), "rejected", 3)));

            assertThat(gate.requireApproval(open).verdict()).isEqualTo(Verdict.AWAITING_APPROVAL);
            assertThat(gate.requireApproval(approved).verdict()).isEqualTo(Verdict.OPEN);
            assertThat(gate.requireApproval(rejected).status().wire()).isEqualTo("HELD: rejected by ann (plates)");
        }

        @Test
        void aDatasetIdFromTheQueueIsPublishedForRealAndTheJobsRequestKeepsItsOperations() {
            PromoteRequest dryRun = new PromoteRequest(DATASET, new Operations(true));

            assertThat(gate.request(" " + DATASET + "\n")).satisfies(r -> {
                assertThat(r.datasetId()).isEqualTo(DATASET);
                assertThat(r.dryRun()).isFalse();
            });
            assertThat(gate.request(dryRun)).isSameAs(dryRun);
        }
    }
}

package io.bucketbrigade.console;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.bucketbrigade.metrics.QueueDepths;
import io.bucketbrigade.records.Lineage;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The pipeline as a flow: the four tiers, and on each hop the objects that took it in the last minute (from the
 * lineage, so every instance counts) and its queue's depth, in flight and dead letters. The page asks for the flow
 * again every two seconds.
 */
@Controller
class PipelinePage {

    /** A hop between two tiers: its lineage step, its queue, and what was read now. */
    record Hop(String name, String from, String to, long perMinute, long rejectedPerMinute, Depth queue) {}

    /** A queue's messages: waiting, in flight, and in its dead-letter queue (-1: could not be read). */
    record Depth(String queue, long visible, long inFlight, long deadLetters) {}

    private static final Duration MINUTE = Duration.ofMinutes(1);
    /** Queue depths are read again when older than this: a page that many people watch costs little. */
    static final Duration FRESH = Duration.ofSeconds(2);

    private final Lineage lineage;
    private final QueueDepths queues;
    private final Clock clock = Clock.systemUTC();

    PipelinePage(Lineage lineage, QueueDepths queues) {
        this.lineage = lineage;
        this.queues = queues;
    }

    @GetMapping("/pipeline")
    String page(Model model) {
        flow(model);
        return "console/pipeline";
    }

    @GetMapping("/pipeline/flow")
    String flow(Model model) {
        Map<String, Depth> depths = depths();
        Instant since = clock.instant().minus(MINUTE);
        model.addAttribute("hops", List.of(
                new Hop("ingest", "original", "source", lineage.countSince("copied", since),
                        lineage.countSince("rejected", since), depths.get("ingest")),
                new Hop("enrich", "source", "processed", lineage.countSince("extracted", since), 0,
                        depths.get("enrich")),
                new Hop("promote", "processed", "production", lineage.countSince("promoted", since), 0,
                        depths.get("promote"))));
        model.addAttribute("otherQueues", depths.values().stream()
                .filter(d -> !List.of("ingest", "enrich", "promote").contains(d.queue())).toList());
        model.addAttribute("readAt", clock.instant());
        return "console/pipeline :: flow";
    }

    private Map<String, Depth> depths() {
        List<QueueDepths.Depth> read = queues.depths(FRESH);
        return read.stream().filter(d -> d.role().equals("work")).collect(Collectors.toMap(QueueDepths.Depth::queue,
                work -> new Depth(work.queue(), count(work.visible()), count(work.inFlight()), read.stream()
                        .filter(d -> d.role().equals("dead-letter") && d.queue().equals(work.queue()))
                        .mapToLong(d -> count(d.visible())).findFirst().orElse(0)),
                (a, b) -> a, java.util.LinkedHashMap::new));
    }

    private static long count(double messages) {
        return Double.isNaN(messages) ? -1 : (long) messages;
    }
}

package io.bucketbrigade.queues;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/** What is in the dead-letter queues (re-drive them with POST /api/jobs/redrive). */
@RestController
@RequestMapping("/api")
@Tag(name = "dead letters", description = "Messages that could not be processed")
class DeadLettersController {

    private final DeadLetterQueues deadLetters;

    DeadLettersController(DeadLetterQueues deadLetters) {
        this.deadLetters = deadLetters;
    }

    @GetMapping("/dead-letters")
    @Operation(summary = "Messages in the dead-letter queues (of one queue: ingest, enrich …), with their reason;"
            + " reading them takes nothing away. Re-drive with POST /api/jobs/redrive {queue, filter}")
    List<DeadLetterQueues.DeadLetter> list(@RequestParam(required = false) String queue,
            @RequestParam(defaultValue = "100") int limit) {
        try {
            return deadLetters.list(queue, Math.max(1, Math.min(limit, 1000)));
        } catch (IllegalArgumentException e) {
            throw new ResponseStatusException(HttpStatus.NOT_FOUND, e.getMessage());
        }
    }
}

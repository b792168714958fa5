package io.bucketbrigade.console;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

import io.bucketbrigade.jobs.JobRequestErrors;
import io.bucketbrigade.jobs.JobRun;
import io.bucketbrigade.jobs.Jobs;
import io.bucketbrigade.metrics.QueueDepths;
import io.bucketbrigade.queues.DeadLetterQueues;
import io.bucketbrigade.records.Catalogue;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * What went wrong: rejected uploads (rule, message, time, by dataset) and the dead-letter queues, with re-drive
 * (the redrive job) after a dry run that shows what it would do.
 */
@Controller
class ProblemPages {

    private static final int LIMIT = 100;

    private final Catalogue catalogue;
    private final DeadLetterQueues deadLetters;
    private final Jobs jobs;
    private final QueueDepths depths;

    ProblemPages(Catalogue catalogue, DeadLetterQueues deadLetters, Jobs jobs, QueueDepths depths) {
        this.catalogue = catalogue;
        this.deadLetters = deadLetters;
        this.jobs = jobs;
        this.depths = depths;
    }

    @GetMapping("/problems")
    String problems(@RequestParam(required = false) String dataset, @RequestParam(required = false) String rule,
            Model model) {
        model.addAttribute("dataset", DatasetPages.blankToNull(dataset));
        model.addAttribute("rule", DatasetPages.blankToNull(rule));
        model.addAttribute("rejections", catalogue.rejections(DatasetPages.blankToNull(dataset),
                DatasetPages.blankToNull(rule), null, LIMIT));
        // only the dead-letter queues that hold messages are read (reading hides a message for a while)
        List<DeadLetterQueues.DeadLetter> letters = new ArrayList<>();
        for (QueueDepths.Depth depth : depths.depths(PipelinePage.FRESH)) {
            if (depth.role().equals("dead-letter") && !(depth.visible() == 0 && depth.inFlight() == 0)
                    && letters.size() < LIMIT) {
                letters.addAll(deadLetters.list(depth.queue(), LIMIT - letters.size()));
            }
        }
        model.addAttribute("deadLetters", letters);
        model.addAttribute("queues", deadLetters.queues());
        return "console/problems";
    }

    @PostMapping("/problems/redrive")
    String redrive(@RequestParam(required = false) String queue, @RequestParam(required = false) String filter,
            @RequestParam(defaultValue = "true") boolean dryRun, Authentication user, RedirectAttributes redirect) {
        Map<String, String> parameters = new LinkedHashMap<>();
        if (DatasetPages.blankToNull(queue) != null) {
            parameters.put("queue", queue.strip());
        }
        if (DatasetPages.blankToNull(filter) != null) {
            parameters.put("filter", filter.strip());
        }
        JobRun run;
        try {
            run = jobs.run("redrive", "console" + (user == null ? "" : ":" + user.getName()), dryRun, parameters);
        } catch (NoSuchElementException | IllegalArgumentException | IllegalStateException e) {
            throw JobRequestErrors.of(e);
        }
        List<String> operations = run.operations().lines();
        String which = parameters.containsKey("queue") ? "the dead-letter queue of " + parameters.get("queue")
                : "the dead-letter queues";
        if (operations.isEmpty()) {
            redirect.addFlashAttribute("notice", "Nothing to re-drive: " + which + " holds no message"
                    + (parameters.containsKey("filter") ? " matching '" + parameters.get("filter") + "'" : "")
                    + ". Nothing was changed.");
        } else if (dryRun) {
            redirect.addFlashAttribute("redrivePlan", Map.of("queue", parameters.getOrDefault("queue", ""),
                    "filter", parameters.getOrDefault("filter", ""), "operations", operations));
        } else {
            redirect.addFlashAttribute("notice", "Re-drove " + which + ": " + operations.size()
                    + " message(s) (job run " + run.id() + ", " + run.state() + ").");
        }
        return "redirect:/problems";
    }
}

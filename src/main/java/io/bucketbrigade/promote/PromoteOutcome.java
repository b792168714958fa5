package io.bucketbrigade.promote;

/** What the promote hop did with a dataset (or would, in a dry run), in one line for the job report and the log. */
public interface PromoteOutcome {

    String outcome();
}

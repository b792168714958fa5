package io.bucketbrigade.ingest.content;

/** The content breaks a rule: the object is refused with this rule and message. */
public class ContentRejectedException extends RuntimeException {

    private final String rule;

    public ContentRejectedException(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }
}

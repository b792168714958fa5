package io.bucketbrigade.formats;

/** Content that is not what its format requires; the rule is a stable identifier, the message is for curators. */
public class FormatException extends RuntimeException {

    private final String rule;

    public FormatException(String rule, String message) {
        super(message);
        this.rule = rule;
    }

    public String rule() {
        return rule;
    }
}

package io.bucketbrigade.routefiles;

/** A route file that cannot be used; the message completes the sentence "The route file …". */
class RouteFileException extends RuntimeException {

    RouteFileException(String message) {
        super(message);
    }

    RouteFileException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The most specific message in a chain of causes, on one line, for logs and the API. */
    static String describe(Throwable error) {
        StringBuilder text = new StringBuilder();
        for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
            if (text.indexOf(message) < 0) {
                if (!text.isEmpty()) {
                    text.append(" <- ");
                }
                text.append(message);
            }
        }
        return text.toString().replaceAll("\\s+", " ").trim();
    }
}

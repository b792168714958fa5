package io.bucketbrigade.jobs;

import java.util.NoSuchElementException;

import org.springframework.http.HttpStatus;
import org.springframework.web.server.ResponseStatusException;

/** How the API and the console answer a job run that cannot start: its reason, with the HTTP status it means. */
public final class JobRequestErrors {

    private JobRequestErrors() {
    }

    /**
     * A job that does not exist (404), parameters it refuses (400), or a run already in progress (409).
     *
     * @throws RuntimeException {@code e} itself, when it is none of those
     */
    public static ResponseStatusException of(RuntimeException e) {
        HttpStatus status = e instanceof NoSuchElementException ? HttpStatus.NOT_FOUND
                : e instanceof IllegalArgumentException ? HttpStatus.BAD_REQUEST
                : e instanceof IllegalStateException ? HttpStatus.CONFLICT : null;
        if (status == null) {
            throw e;
        }
        return new ResponseStatusException(status, e.getMessage());
    }
}

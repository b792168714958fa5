package io.bucketbrigade.profiles;

/** A profile file that cannot be used; the message says where and why, for the operator who edits it. */
public class ProfileException extends RuntimeException {

    public ProfileException(String message) {
        super(message);
    }

    public ProfileException(String message, Throwable cause) {
        super(message, cause);
    }
}

package dev.orgexport.platform.secret;

import java.util.Objects;

/**
 * A resolved client secret. {@link #toString()} is masked, there is no {@code equals}, and the
 * value leaves only through {@link #reveal()}, whose one caller builds the token request's
 * {@code Authorization} header. Hold it no longer than that request.
 */
public final class Secret {

    private final String value;

    Secret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** The secret itself: for the {@code Authorization} header of a token request only. */
    public String reveal() {
        return value;
    }

    @Override
    public String toString() {
        return "Secret[<masked>]";
    }
}

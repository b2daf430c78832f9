package dev.orgexport.platform.api;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * The response bodies of platform-facts.md, as far as this module reads them. Every record
 * ignores unknown fields: the platform adds fields without notice.
 */
final class WireFormat {

    private WireFormat() {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TokenResponse(@JsonProperty("access_token") String accessToken,
                         @JsonProperty("token_type") String tokenType,
                         @JsonProperty("expires_in") Long expiresIn) {
        @Override
        public String toString() {
            return "TokenResponse[<masked>, tokenType=" + tokenType + ", expiresIn=" + expiresIn + "]";
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Named(String id, String name) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record OAuthClient(String id, String name, Named organization) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record TokensMe(Named organization, Named homeOrganization, @JsonProperty("OAuthClient") OAuthClient oauthClient) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Organization(String id, String name, String domain, String state) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record JobSubmitted(String jobId) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record AuditSubmitted(String id, String state) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record JobStatusBody(String state, String errorMessage, Instant submissionDate, Instant completionDate,
                         Instant expirationDate) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Availability(Instant dataAvailabilityDate) {
    }
}

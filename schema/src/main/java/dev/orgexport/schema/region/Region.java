package dev.orgexport.schema.region;

import java.util.Objects;

/**
 * One Genesys Cloud region: its id ({@code us-west-2}), its short name ({@code usw2}) and its
 * domain ({@code usw2.pure.cloud}). The real hosts are {@code login.<domain>} and
 * {@code api.<domain>}.
 */
public record Region(String id, String domain) {

    public Region {
        Objects.requireNonNull(id, "region id");
        Objects.requireNonNull(domain, "region domain");
        if (id.isBlank() || domain.isBlank()) {
            throw new IllegalArgumentException("region id and domain must not be blank, but were '"
                    + id + "' and '" + domain + "'");
        }
    }

    /**
     * The short name used in the platform's own host names ({@code usw2} for us-west-2): the
     * first label of the domain for the newer regions, the id with its dashes removed
     * otherwise ({@code useast1}).
     */
    public String shortName() {
        String firstLabel = domain.substring(0, domain.indexOf('.') < 0 ? domain.length() : domain.indexOf('.'));
        return firstLabel.equals("mypurecloud") ? id.replace("-", "") : firstLabel;
    }

    public String loginHost() {
        return "login." + domain;
    }

    public String apiHost() {
        return "api." + domain;
    }
}

package dev.orgexport.simulator.model;

import dev.orgexport.schema.region.Region;
import dev.orgexport.schema.region.RegionCatalog;
import dev.orgexport.simulator.SimulatorConfig.Client;
import dev.orgexport.simulator.SimulatorConfig.Org;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.UnaryOperator;

/**
 * The simulated platform's registry: regions, orgs and OAuth clients. Thread-safe; clients are
 * immutable values replaced atomically, so a reader sees a client before or after a change,
 * never half of one.
 */
public final class Directory {

    private final RegionCatalog catalog;
    private final ConcurrentMap<String, Org> orgs = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, Client> clients = new ConcurrentHashMap<>();

    public Directory(RegionCatalog catalog) {
        this.catalog = catalog;
    }

    public RegionCatalog catalog() {
        return catalog;
    }

    /** The region with exactly this id, if the catalog has it. */
    public Optional<Region> region(String regionId) {
        return catalog.find(regionId).filter(r -> r.id().equals(regionId));
    }

    /** Which of a region's hosts a request was addressed to. */
    public enum HostRole { LOGIN, API, DOWNLOAD }

    /** A region and which of its hosts. */
    public record RegionHost(Region region, HostRole role) {
    }

    /** The region whose {@code login.}, {@code api.} or {@code download.} host this is (port ignored). */
    public Optional<RegionHost> regionOfHost(String hostHeader) {
        if (hostHeader == null) {
            return Optional.empty();
        }
        String host = hostHeader.trim().toLowerCase(java.util.Locale.ROOT);
        int colon = host.lastIndexOf(':');
        if (colon > 0 && host.indexOf(']') < colon) {
            host = host.substring(0, colon);
        }
        HostRole role;
        if (host.startsWith("login.")) {
            role = HostRole.LOGIN;
        } else if (host.startsWith("api.")) {
            role = HostRole.API;
        } else if (host.startsWith("download.")) {
            role = HostRole.DOWNLOAD;
        } else {
            return Optional.empty();
        }
        String domain = host.substring(host.indexOf('.') + 1);
        return catalog.all().stream().filter(r -> r.domain().equalsIgnoreCase(domain)).findFirst()
                .map(r -> new RegionHost(r, role));
    }

    public void addOrg(Org org) {
        if (region(org.region()).isEmpty()) {
            throw new IllegalArgumentException("org " + org.id() + ": region must be a region id of the catalog, but was '"
                    + org.region() + "'");
        }
        if (orgs.putIfAbsent(org.id(), org) != null) {
            throw new IllegalArgumentException("org " + org.id() + " already exists");
        }
    }

    public void addClient(Client client) {
        if (!orgs.containsKey(client.org())) {
            throw new IllegalArgumentException("client " + client.id() + ": org must exist, but '" + client.org() + "' does not");
        }
        if (clients.putIfAbsent(client.id(), client) != null) {
            throw new IllegalArgumentException("client " + client.id() + " already exists");
        }
    }

    public Optional<Org> org(String orgId) {
        return Optional.ofNullable(orgId == null ? null : orgs.get(orgId));
    }

    public Optional<Client> client(String clientId) {
        return Optional.ofNullable(clientId == null ? null : clients.get(clientId));
    }

    /** The region id of the client's org. */
    public String regionOfClient(Client client) {
        return requireOrg(client.org()).region();
    }

    public Org requireOrg(String orgId) {
        return org(orgId).orElseThrow(() -> new NoSuchElementException("org '" + orgId + "' does not exist"));
    }

    /**
     * Replaces a client by {@code change(client)}.
     *
     * @throws NoSuchElementException naming the client when it does not exist
     */
    public Client updateClient(String clientId, UnaryOperator<Client> change) {
        Client updated = clients.computeIfPresent(clientId, (id, client) -> change.apply(client));
        if (updated == null) {
            throw new NoSuchElementException("client '" + clientId + "' does not exist");
        }
        return updated;
    }
}

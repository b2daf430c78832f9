package dev.orgexport.simulator;

/**
 * What a complete export of one (org, kind, window) contains: the number of records and the
 * SHA-256 (hex, lowercase) of the canonical export: each record as compact JSON in the order the
 * platform pages them, each followed by {@code \n}, UTF-8. A client that parses each record of a
 * results page into a Jackson tree and writes it back compact reproduces exactly these bytes.
 *
 * @param records number of records
 * @param sha256  lowercase hex SHA-256 of the canonical export (of the empty string for no records)
 */
public record Truth(long records, String sha256) {
}

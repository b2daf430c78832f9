package dev.orgexport.orchestrator.registry;

/**
 * One mistake in a registry file: where it is (1-based line and column, 0 when the whole file is
 * concerned), which value ({@code orgs[2].exports[0].every}) and what is wrong with it. Messages
 * never repeat the value of a {@code secret} field.
 */
public record RegistryError(int line, int column, String path, String message) implements Comparable<RegistryError> {

    /** {@code line 12, orgs[2].region: unknown region 'eu-west-9'; valid regions: ...} */
    public String render() {
        String where = line > 0 ? "line " + line : "file";
        return where + (path == null || path.isEmpty() ? "" : ", " + path) + ": " + message;
    }

    @Override
    public int compareTo(RegistryError other) {
        int byLine = Integer.compare(line, other.line);
        return byLine != 0 ? byLine : Integer.compare(column, other.column);
    }
}

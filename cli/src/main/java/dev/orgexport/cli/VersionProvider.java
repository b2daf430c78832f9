package dev.orgexport.cli;

import picocli.CommandLine.IVersionProvider;

/** The version from the jar's manifest (set by the build), or "development" when run from classes. */
public final class VersionProvider implements IVersionProvider {

    @Override
    public String[] getVersion() {
        String version = OrgexportCommand.class.getPackage().getImplementationVersion();
        return new String[] {"orgexport " + (version == null ? "development" : version),
                "Java " + Runtime.version()};
    }
}

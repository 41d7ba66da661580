package trough.tools;

import picocli.CommandLine.IVersionProvider;

/** The version recorded in the jar's manifest at build time. */
public final class TroughVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = TroughVersion.class.getPackage().getImplementationVersion();
        return new String[] {"trough " + (version == null ? "(development build)" : version)};
    }
}

package trough.tools.admin;

import picocli.CommandLine.Option;

/** The options naming what the shell and the loader work on, and the token they present there. */
public final class TargetOptions {
    @Option(names = {"-u", "--url"}, defaultValue = "jdbc:trough://127.0.0.1:6444",
            description = "jdbc:trough: URL of the cluster or directory (default: ${DEFAULT-VALUE}, a `trough local`)")
    String url;

    @Option(names = "--token", defaultValue = "${env:TROUGH_TOKEN}",
            description = "the token to present to the cluster's workers (default: the TROUGH_TOKEN environment variable)")
    String token;

    public String url() {
        return url;
    }

    /** Opens the URL's target, presenting the token. */
    public OpenedTarget open() {
        return OpenedTarget.of(url, token);
    }
}

package trough.tools.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine;
import trough.worker.security.Role;
import trough.worker.security.TokenFile;

/** {@code trough token}: a new random token, and its line for a tokens file (which holds only its hash). */
@Command(name = "token", mixinStandardHelpOptions = true,
        description = {"Makes a new random token for NAME with ROLE (read, write or admin), prints it once, and prints (or, with "
                + "--file, appends) its line for the workers' tokens file, which holds only the token's SHA-256. Workers read the "
                + "file again when it changes: remove a line to revoke its token."})
public final class TokenCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "NAME", description = "who the token is for: shown in the audit log, never the token")
    String name;

    @Parameters(index = "1", paramLabel = "ROLE", description = "read, write or admin")
    String role;

    @Option(names = "--file", description = "append the line to this tokens file")
    Path file;

    @Override
    public Integer call() throws IOException {
        if (!name.matches("[A-Za-z0-9._@-]+")) {
            throw new CommandLine.ParameterException(spec.commandLine(), "NAME may hold letters, digits and . _ @ - only, not '" + name + "'");
        }
        Role parsed;
        try {
            parsed = Role.parse(role);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        byte[] secret = new byte[32];
        new SecureRandom().nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String line = name + " " + parsed.label() + " " + TokenFile.hash(token);
        System.out.println("token for " + name + " (" + parsed.label() + "), shown once: " + token);
        if (file != null) {
            Files.writeString(file, line + System.lineSeparator(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            System.out.println("added to " + file + ": " + line);
        } else {
            System.out.println("its line for the tokens file: " + line);
        }
        return 0;
    }
}

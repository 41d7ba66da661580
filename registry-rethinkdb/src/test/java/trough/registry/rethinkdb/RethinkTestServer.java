package trough.registry.rethinkdb;

import java.util.Optional;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The RethinkDB server named by {@code TROUGH_TEST_RETHINKDB=host:port}. Without it the tests that need one
 * are skipped, and the build's output says so and why (CI has no RethinkDB).
 */
public final class RethinkTestServer implements ExecutionCondition {
    public static final String VARIABLE = "TROUGH_TEST_RETHINKDB";

    public static Optional<String> address() {
        return Optional.ofNullable(System.getenv(VARIABLE)).filter(value -> !value.isBlank());
    }

    /** The registry URL of a database of its own on the test server. */
    public static String url(String database) {
        return RethinkLocation.SCHEME + address().orElseThrow() + "/" + database;
    }

    /** {@link #url}, parsed. */
    public static RethinkLocation location(String database) {
        return RethinkLocation.parse(url(database));
    }

    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        if (address().isPresent()) return ConditionEvaluationResult.enabled("RethinkDB at " + address().get());
        String reason = context.getDisplayName() + " SKIPPED: it needs a RethinkDB server; set " + VARIABLE
                + "=host:port to run it (docs/registry.md shows how to start one)";
        if (context.getTestMethod().isEmpty()) System.out.println("[WARNING] " + reason);
        return ConditionEvaluationResult.disabled(reason);
    }
}

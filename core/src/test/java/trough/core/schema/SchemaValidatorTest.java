package trough.core.schema;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import trough.core.segment.SegmentKey;

class SchemaValidatorTest {
    @Test
    void acceptsDdlThatSqliteRuns() {
        SchemaDefinition schema = SchemaValidator.validate("logs", "CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT); CREATE INDEX t_b ON t(b);");
        assertEquals("logs", schema.name());
    }

    @Test
    void refusesBadDdlWithSqlitesOwnMessage() {
        InvalidSchemaException e = assertThrows(InvalidSchemaException.class,
                () -> SchemaValidator.validate("logs", "CREATE TABLE t (a INTEGER,"));
        assertTrue(e.getMessage().contains("incomplete input") || e.getMessage().contains("syntax error"), e.getMessage());
        assertTrue(e.getMessage().startsWith("schema 'logs' failed validation: "), e.getMessage());
    }

    @Test
    void refusesDdlThatCreatesNoTable() {
        InvalidSchemaException e = assertThrows(InvalidSchemaException.class, () -> SchemaValidator.validate("x", "SELECT 1"));
        assertTrue(e.getMessage().contains("creates no table"), e.getMessage());
        assertThrows(InvalidSchemaException.class, () -> SchemaValidator.validate("x", "  -- only a comment"));
    }

    @Test
    void refusesTransactionControl() {
        InvalidSchemaException e = assertThrows(InvalidSchemaException.class,
                () -> SchemaValidator.validate("x", "CREATE TABLE a(x); COMMIT; CREATE TABLE b(y)"));
        assertTrue(e.getMessage().contains("COMMIT"), e.getMessage());
    }

    @Test
    void neverInterpretsSqliteJdbcFileCommands(@TempDir Path dir) {
        Path target = dir.resolve("copy.db");
        assertThrows(InvalidSchemaException.class, () -> SchemaValidator.validate("x", "CREATE TABLE a(x); backup to " + target));
        assertTrue(Files.notExists(target), "sqlite-jdbc's 'backup to' must not run");
    }

    @ParameterizedTest
    @ValueSource(strings = {"../etc", ".", "..", "", "a/b"})
    void refusesBadNames(String name) {
        InvalidSchemaException e = assertThrows(InvalidSchemaException.class, () -> SchemaValidator.validate(name, "CREATE TABLE a(x)"));
        assertTrue(e.getMessage().contains(SchemaDefinition.NAME_RULE), e.getMessage());
    }

    @Test
    void aSegmentKeyMustBeAColumnOfOneOfTheTables() {
        SegmentKey key = SegmentKey.of("job", "job-{job}");
        assertEquals(key, SchemaValidator.validate("logs", "CREATE TABLE t (a); CREATE TABLE u (JOB INTEGER)", key).segmentKey());
        InvalidSchemaException e = assertThrows(InvalidSchemaException.class, () -> SchemaValidator.validate("logs", "CREATE TABLE t (a)", key));
        assertEquals("schema 'logs' declares segment key job, but none of its tables [t] has that column", e.getMessage());
    }
}

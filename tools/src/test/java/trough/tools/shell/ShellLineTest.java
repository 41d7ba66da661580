package trough.tools.shell;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Keywords in any case; ids, names and files exactly as typed (the original shell lowercased them). */
class ShellLineTest {
    @Test
    void keywordsAreCaseInsensitiveAndIdsKeepTheirCase() {
        assertEquals(new ShellLine.Connect(List.of("Job-A", "job-b")), ShellLine.parse("connect Job-A job-b;"));
        assertEquals(new ShellLine.ConnectMatching("^Job-[AB]$"), ShellLine.parse("Connect Matching ^Job-[AB]$"));
        assertEquals(new ShellLine.ShowSegments("Job", true), ShellLine.parse("show segments matching Job with rows"));
        assertEquals(new ShellLine.ShowSegments(null, false), ShellLine.parse("SHOW SEGMENTS"));
        assertEquals(new ShellLine.ShowCluster(), ShellLine.parse("Show Cluster;"));
        assertEquals(new ShellLine.ShowCreateTable("MyTable"), ShellLine.parse("show create table MyTable"));
        assertEquals(new ShellLine.ShowSchema("Crawl"), ShellLine.parse("SHOW schema Crawl"));
        assertEquals(new ShellLine.RegisterSchema("Crawl", "My.sql"), ShellLine.parse("register schema Crawl My.sql"));
        assertEquals(new ShellLine.Infile("dir/Load Me.sql"), ShellLine.parse("infile dir/Load Me.sql"));
        assertEquals(new ShellLine.Shred(List.of("A", "b")), ShellLine.parse("shred segment A b"));
        assertEquals(new ShellLine.Format(ResultFormat.PRETTY), ShellLine.parse("format Pretty"));
        assertEquals(new ShellLine.Format(null), ShellLine.parse("FORMAT"));
        for (String quit : List.of("quit", "EXIT", "Bye;")) assertEquals(new ShellLine.Quit(), ShellLine.parse(quit));
        assertEquals(new ShellLine.Sql("SELECT \"Name\" FROM T"), ShellLine.parse("SELECT \"Name\" FROM T;"));
        assertEquals(new ShellLine.Empty(), ShellLine.parse("  ; "));
    }

    @Test
    void aMistakeInACommandSaysItsForm() {
        assertEquals("usage: CONNECT <segment> [<segment> ...] or CONNECT MATCHING <regex>",
                assertThrows(IllegalArgumentException.class, () -> ShellLine.parse("connect")).getMessage());
        assertEquals("usage: FORMAT TABLE|PRETTY|RAW", assertThrows(IllegalArgumentException.class, () -> ShellLine.parse("format fancy")).getMessage());
        assertEquals("usage: SHRED SEGMENT <segment> [<segment> ...]",
                assertThrows(IllegalArgumentException.class, () -> ShellLine.parse("shred x")).getMessage());
        assertEquals("usage: REGISTER SCHEMA <name> <file>", assertThrows(IllegalArgumentException.class, () -> ShellLine.parse("register schema x")).getMessage());
    }
}

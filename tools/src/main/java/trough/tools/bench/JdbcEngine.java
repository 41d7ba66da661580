package trough.tools.bench;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.LongSupplier;
import trough.core.sqlite.ResultRows;

/** An engine behind a JDBC connection: Trough's driver (cluster or files), or sqlite-jdbc on the single file. */
final class JdbcEngine implements BenchEngine {
    private final String name;
    private final Connection connection;
    private final Function<BenchQuery, String> sql;
    private final LongSupplier bytes;
    private final Map<String, Integer> runs = new HashMap<>();

    JdbcEngine(String name, Connection connection, Function<BenchQuery, String> sql, LongSupplier bytes) {
        this.name = name;
        this.connection = connection;
        this.sql = sql;
        this.bytes = bytes;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public Answer run(BenchQuery query) throws Exception {
        Answer.Builder answer = new Answer.Builder(query.ordered(), query.digest());
        String text = query.text(sql.apply(query), runs.merge(query.name(), 1, Integer::sum));
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(text)) {
            int width = rows.getMetaData().getColumnCount();
            while (rows.next()) answer.add(ResultRows.current(rows, width));
        }
        return answer.build();
    }

    @Override
    public long bytesSent() {
        return bytes == null ? -1 : bytes.getAsLong();
    }

    @Override
    public void close() throws Exception {
        connection.close();
    }
}

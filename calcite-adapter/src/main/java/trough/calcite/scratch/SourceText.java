package trough.calcite.scratch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.StringJoiner;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlUnknownLiteral;
import org.apache.calcite.sql.SqlIdentifier;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.dialect.AnsiSqlDialect;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;
import org.apache.calcite.sql.util.SqlBasicVisitor;
import org.apache.calcite.util.Util;
import trough.core.sqlite.SqlScript;

/**
 * The statement's text as the user wrote it, and pieces of it by parser position. A condition pushed to the
 * segments is sent as the user's own text, not as Calcite unparses it, so SQLite reads exactly what it would
 * read on one database; {@link #condition} checks that the piece parses back to the same tree before
 * trusting a position.
 */
final class SourceText {
    private final String sql;
    private final List<Integer> lineStarts = new ArrayList<>();
    private final SqlParser.Config parserConfig;

    SourceText(String sql, SqlParser.Config parserConfig) {
        this.sql = sql;
        this.parserConfig = parserConfig;
        lineStarts.add(0);
        for (int i = 0; i < sql.length(); i++) {
            if (sql.charAt(i) == '\n') lineStarts.add(i + 1);
        }
    }

    String sql() {
        return sql;
    }

    private int offset(int line, int column) {
        return lineStarts.get(line - 1) + column - 1;
    }

    private int start(SqlParserPos pos) {
        return offset(pos.getLineNum(), pos.getColumnNum());
    }

    private int end(SqlParserPos pos) {
        return offset(pos.getEndLineNum(), pos.getEndColumnNum()) + 1;
    }

    private boolean known(SqlParserPos pos) {
        return pos.getLineNum() > 0 && pos.getLineNum() <= lineStarts.size() && pos.getEndLineNum() <= lineStarts.size()
                && start(pos) >= 0 && end(pos) <= sql.length() && start(pos) < end(pos);
    }

    /** The offsets [from, to) of what the parser places at {@code pos}, or null when it gives no usable position. */
    int[] span(SqlParserPos pos) {
        return known(pos) ? new int[] {start(pos), end(pos)} : null;
    }

    /** The offsets [from, to) of a name as the user wrote it, or null when the text there is not that name. */
    int[] nameSpan(SqlIdentifier name) {
        SqlParserPos pos = name.getParserPosition();
        if (!known(pos)) return null;
        int from = start(pos);
        int to = end(pos);
        return parsesBackTo(sql.substring(from, to), name) ? new int[] {from, to} : null;
    }

    /**
     * The condition as the user wrote it, with every column reference written as its bare quoted name (the
     * condition runs over one table whose alias differs from the user's) and a typed date literal as the text
     * SQLite keeps dates in, and the statement parameters it
     * uses in the order of their {@code ?}; null when the text cannot be trusted to be the same condition.
     */
    Piece condition(SqlNode condition) {
        SqlParserPos pos = condition.getParserPosition();
        if (pos.equals(SqlParserPos.ZERO) && (condition.getKind() == SqlKind.AND || condition.getKind() == SqlKind.OR)) {
            return combined((SqlCall) condition);
        }
        if (!known(pos)) return null;
        int from = start(pos);
        int to = end(pos);
        String text = sql.substring(from, to);
        if (!parsesBackTo(text, condition)) return null;
        List<SqlNode> rewritten = new ArrayList<>();
        List<Integer> parameters = new ArrayList<>();
        List<SqlDynamicParam> marks = new ArrayList<>();
        condition.accept(new SqlBasicVisitor<Void>() {
            @Override
            public Void visit(SqlIdentifier id) {
                rewritten.add(id);
                return null;
            }

            @Override
            public Void visit(SqlLiteral literal) {
                if (literal instanceof SqlUnknownLiteral) rewritten.add(literal);
                return null;
            }

            @Override
            public Void visit(SqlDynamicParam param) {
                marks.add(param);
                return null;
            }
        });
        marks.sort(Comparator.comparingInt(SqlDynamicParam::getIndex));
        marks.forEach(mark -> parameters.add(mark.getIndex()));
        rewritten.sort(Comparator.comparingInt((SqlNode node) -> start(node.getParserPosition())));
        StringBuilder result = new StringBuilder();
        int at = from;
        for (SqlNode node : rewritten) {
            if (!known(node.getParserPosition())) return null;
            int nodeStart = start(node.getParserPosition());
            int nodeEnd = end(node.getParserPosition());
            if (nodeStart < at || nodeEnd > to) return null;
            String replacement;
            if (node instanceof SqlIdentifier id) {
                if (id.isStar()) return null;
                replacement = SqlScript.quoteIdentifier(Util.last(id.names));
            } else {
                // Calcite's typed literal (DATE '2025-01-02'): SQLite keeps dates as text, and reads no such syntax.
                replacement = SqlScript.quoteLiteral(((SqlUnknownLiteral) node).getValue());
            }
            result.append(sql, at, nodeStart).append(replacement);
            at = nodeEnd;
        }
        result.append(sql, at, to);
        return new Piece("(" + result + ")", parameters);
    }

    /** An AND or OR Trough built of conditions the user wrote: each written as the user wrote it. */
    private Piece combined(SqlCall call) {
        StringJoiner sql = new StringJoiner(call.getKind() == SqlKind.AND ? " AND " : " OR ", "(", ")");
        List<Integer> parameters = new ArrayList<>();
        for (SqlNode operand : call.getOperandList()) {
            Piece piece = condition(operand);
            if (piece == null) return null;
            sql.add(piece.sql());
            parameters.addAll(piece.parameters());
        }
        return new Piece(sql.toString(), parameters);
    }

    /** Whether {@code text}, parsed alone, is the same expression as {@code node} (the same SQL when unparsed). */
    private boolean parsesBackTo(String text, SqlNode node) {
        try {
            SqlNode again = SqlParser.create(text, parserConfig).parseExpression();
            return unparse(again).equals(unparse(node));
        } catch (SqlParseException | RuntimeException e) {
            return false;
        }
    }

    private static String unparse(SqlNode node) {
        return node.toSqlString(c -> c.withDialect(AnsiSqlDialect.DEFAULT).withAlwaysUseParentheses(true)).getSql();
    }

    /** A piece of the statement's text and the statement parameters of its {@code ?}, in order. */
    record Piece(String sql, List<Integer> parameters) {
        Piece {
            parameters = List.copyOf(parameters);
        }
    }
}

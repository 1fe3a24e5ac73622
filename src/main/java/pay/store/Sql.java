package pay.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** One statement with bound parameters, on a connection the caller borrowed through {@link Jdbc}. */
public final class Sql {

    @FunctionalInterface
    public interface RowMapper<T> {
        T map(ResultSet row) throws SQLException;
    }

    private Sql() {
    }

    public static int update(Connection c, String statement, Object... params) throws SQLException {
        try (PreparedStatement st = c.prepareStatement(statement)) {
            bind(st, params);
            return st.executeUpdate();
        }
    }

    public static <T> List<T> query(Connection c, String statement, RowMapper<T> mapper, Object... params)
            throws SQLException {
        try (PreparedStatement st = c.prepareStatement(statement)) {
            bind(st, params);
            try (ResultSet rs = st.executeQuery()) {
                List<T> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(mapper.map(rs));
                }
                return rows;
            }
        }
    }

    private static void bind(PreparedStatement st, Object[] params) throws SQLException {
        for (int i = 0; i < params.length; i++) {
            st.setObject(i + 1, params[i]);
        }
    }
}

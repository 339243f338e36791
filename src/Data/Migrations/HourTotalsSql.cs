namespace MiiTelDashboard.Data.Migrations;

/// <summary>
/// The SQL of the migrations that add sums tables (<c>HourTotals</c>, <c>UserDays</c>, on SQLite and
/// PostgreSQL): the triggers that keep <see cref="CircuitHour"/>, <see cref="UserHour"/> and
/// <see cref="UserDay"/> equal to a GROUP BY of <c>Details</c>, and the statements that fill them from
/// the calls already stored. Each call adds 1 to its hour's (or day's) row of each table, and its
/// figures to the sums; a delete subtracts them (and drops a row left with no call); an update of a
/// column they read does both. It is part of those migrations: a later change to these tables gets a
/// new migration with SQL of its own, not an edit here.
/// </summary>
internal static class HourTotalsSql
{
    /// <summary>A sums table: its key columns after the bucket's start, and the bucket's length in seconds.</summary>
    public sealed record Sums(string Table, string[] Keys, int Seconds);

    /// <summary>Migration <c>HourTotals</c>.</summary>
    public static readonly Sums[] Hours =
    [
        new("CircuitHours", ["CircuitNumber", "CircuitName", "CallType"], 3600),
        new("UserHours", ["OperatorName", "OperatorLoginId"], 3600),
    ];

    /// <summary>Migration <c>UserDays</c>.</summary>
    public static readonly Sums[] Days = [new("UserDays", ["OperatorName", "OperatorLoginId"], 86_400)];

    /// <summary>The columns of <c>Details</c> the tables are made of: an UPDATE of any other leaves them alone.</summary>
    private static readonly string[] Read =
    [
        "StartedAtEpoch", "Outcome", "DurationSeconds", "Score", "Tlr", "OverlapCount", "SilenceCount", "CustomerPositive", "CustomerNegative",
        "CircuitNumber", "CircuitName", "CallType", "OperatorName", "OperatorLoginId",
    ];

    /// <summary>The tables as the model has them (every column NOT NULL), WITHOUT ROWID.</summary>
    public static string SqliteTables(Sums[] tables)
    {
        var figures = new Dialect(PostgreSql: false).Figures("x");
        return string.Join("\n", tables.Select(t =>
        {
            var columns = new[] { "HourEpoch INTEGER NOT NULL" }.Concat(t.Keys.Select(k => $"{k} TEXT NOT NULL"))
                .Concat(figures.Select(f => $"{f.Column} {(f.Column.EndsWith("Sum", StringComparison.Ordinal) ? "REAL" : "INTEGER")} NOT NULL"));
            return $"CREATE TABLE {t.Table} ({string.Join(", ", columns)}, CONSTRAINT PK_{t.Table} PRIMARY KEY (HourEpoch, {string.Join(", ", t.Keys)})) WITHOUT ROWID;";
        }));
    }

    /// <summary>Triggers <c>Details_{name}_ai</c>, <c>_ad</c> and <c>_au</c> for <paramref name="tables"/>, then their fill.</summary>
    public static string SqliteUp(Sums[] tables, string name)
    {
        var dialect = new Dialect(PostgreSql: false);
        string Added(string row) => string.Join("\n", tables.Select(t => dialect.Upsert(t, row, subtract: false)));
        string Removed(string row) => string.Join("\n", tables.Select(t => dialect.Upsert(t, row, subtract: true) + "\n" + dialect.DropEmpty(t, row)));
        return $"""
            CREATE TRIGGER Details_{name}_ai AFTER INSERT ON Details BEGIN
            {Added("new")}
            END;
            CREATE TRIGGER Details_{name}_ad AFTER DELETE ON Details BEGIN
            {Removed("old")}
            END;
            CREATE TRIGGER Details_{name}_au AFTER UPDATE OF {string.Join(", ", Read)} ON Details BEGIN
            {Removed("old")}
            {Added("new")}
            END;
            {Backfill(dialect, tables)}
            """;
    }

    public static string SqliteDown(string name) =>
        $"DROP TRIGGER IF EXISTS Details_{name}_ai; DROP TRIGGER IF EXISTS Details_{name}_ad; DROP TRIGGER IF EXISTS Details_{name}_au;";

    /// <summary>Trigger function and trigger <c>details_{name}</c> for <paramref name="tables"/>, then their fill.</summary>
    public static string PostgreSqlUp(Sums[] tables, string name)
    {
        var dialect = new Dialect(PostgreSql: true);
        string Added(string row) => string.Join("\n", tables.Select(t => dialect.Upsert(t, row, subtract: false)));
        string Removed(string row) => string.Join("\n", tables.Select(t => dialect.Upsert(t, row, subtract: true) + "\n" + dialect.DropEmpty(t, row)));
        return $"""
            CREATE FUNCTION details_{name}() RETURNS trigger LANGUAGE plpgsql AS $fn$
            BEGIN
                IF TG_OP IN ('UPDATE', 'DELETE') THEN
            {Removed("OLD")}
                END IF;
                IF TG_OP IN ('INSERT', 'UPDATE') THEN
            {Added("NEW")}
                END IF;
                RETURN NULL;
            END
            $fn$;
            CREATE TRIGGER details_{name} AFTER INSERT OR DELETE OR UPDATE OF {string.Join(", ", Read.Select(c => $"\"{c}\""))} ON "Details"
                FOR EACH ROW EXECUTE FUNCTION details_{name}();
            {Backfill(dialect, tables)}
            """;
    }

    public static string PostgreSqlDown(string name) => $"DROP TRIGGER IF EXISTS details_{name} ON \"Details\"; DROP FUNCTION IF EXISTS details_{name}();";

    private static string Backfill(Dialect d, Sums[] tables) => string.Join("\n", tables.Select(t =>
    {
        var figures = d.Figures("x");
        var columns = new[] { "HourEpoch" }.Concat(t.Keys).Concat(figures.Select(f => f.Column));
        var select = d.Key(t, "x").Concat(figures.Select(f => f.Column == "Calls" ? "count(*)" : $"sum({f.Value})"));
        return $"INSERT INTO {d.Name(t.Table)} ({string.Join(", ", columns.Select(d.Name))}) SELECT {string.Join(", ", select)} " +
               $"FROM {d.Name("Details")} AS x GROUP BY {string.Join(", ", Enumerable.Range(1, t.Keys.Length + 1))};";
    }));

    private sealed record Dialect(bool PostgreSql)
    {
        public string Name(string name) => PostgreSql ? $"\"{name}\"" : name;

        private string Col(string row, string column) => $"{row}.{Name(column)}";

        private static string Flag(string condition) => $"CASE WHEN {condition} THEN 1 ELSE 0 END";

        /// <summary>The bucket's start (the hour's, the day's), then each key column with "" for none.</summary>
        public IEnumerable<string> Key(Sums t, string row)
        {
            var epoch = Col(row, "StartedAtEpoch");
            return [$"{epoch} - (({epoch} % {t.Seconds}) + {t.Seconds}) % {t.Seconds}", .. t.Keys.Select(k => $"coalesce({Col(row, k)}, '')")];
        }

        /// <summary>What one call adds to each figure column (as <c>MetricQueries.Aggregate</c> sums it).</summary>
        public IReadOnlyList<(string Column, string Value)> Figures(string row)
        {
            string C(string column) => Col(row, column);
            var tlr = C("Tlr");
            // floor (SQLite's CAST truncates, the same for the ratios ≥ 0 that the clamp keeps apart)
            var bucket = PostgreSql ? $"least(19, greatest(0, floor({tlr} * 20)))" : $"max(0, min(19, CAST({tlr} * 20 AS INTEGER)))";
            List<(string, string)> figures =
            [
                ("Calls", "1"),
                ("Connected", Flag($"{C("Outcome")} = 'connected'")),
                ("Missed", Flag($"{C("Outcome")} = 'missed'")),
                ("Unanswered", Flag($"{C("Outcome")} = 'unanswered'")),
                ("DurationSum", $"CASE WHEN {C("Outcome")} = 'connected' THEN {C("DurationSeconds")} ELSE 0 END"),
            ];
            foreach (var (sum, count, column) in new[]
            {
                ("ScoreSum", "ScoreCount", "Score"), ("TlrSum", "TlrCount", "Tlr"), ("OverlapSum", "OverlapCount", "OverlapCount"),
                ("SilenceSum", "SilenceCount", "SilenceCount"), ("PositiveSum", "PositiveCount", "CustomerPositive"), ("NegativeSum", "NegativeCount", "CustomerNegative"),
            })
            {
                figures.Add((sum, $"coalesce({C(column)}, 0)"));
                figures.Add((count, Flag($"{C(column)} IS NOT NULL")));
            }
            for (var b = 0; b < HourTotals.TlrBuckets; b++) figures.Add(($"Tlr{b:00}", Flag($"{tlr} IS NOT NULL AND {bucket} = {b}")));
            return figures;
        }

        public string Upsert(Sums t, string row, bool subtract)
        {
            var (table, keys) = (t.Table, t.Keys);
            var figures = Figures(row);
            var columns = new[] { "HourEpoch" }.Concat(keys).Concat(figures.Select(f => f.Column)).Select(Name);
            var values = Key(t, row).Concat(figures.Select(f => subtract ? $"-({f.Value})" : f.Value));
            var excluded = PostgreSql ? "EXCLUDED" : "excluded";
            var target = PostgreSql ? Name(table) + "." : "";
            var sets = figures.Select(f => $"{Name(f.Column)} = {target}{Name(f.Column)} + {excluded}.{Name(f.Column)}");
            return $"INSERT INTO {Name(table)} ({string.Join(", ", columns)}) VALUES ({string.Join(", ", values)}) " +
                   $"ON CONFLICT ({string.Join(", ", new[] { "HourEpoch" }.Concat(keys).Select(Name))}) DO UPDATE SET {string.Join(", ", sets)};";
        }

        /// <summary>Drops the row of <paramref name="row"/>'s key once no call is left in it.</summary>
        public string DropEmpty(Sums t, string row)
        {
            var key = Key(t, row).ToList();
            var conditions = new[] { "HourEpoch" }.Concat(t.Keys).Select((c, i) => $"{Name(c)} = {key[i]}").Append($"{Name("Calls")} = 0");
            return $"DELETE FROM {Name(t.Table)} WHERE {string.Join(" AND ", conditions)};";
        }
    }
}

using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MiiTelDashboard.Data;

/// <summary>
/// The storage ceiling for the rows an ingest run wrote: the same rows re-inserted into an empty
/// database of the app's own schema (its EF migrations, so the search triggers and every index fire)
/// with plain prepared INSERTs, 64 calls per transaction, with the app's PRAGMAs. No HTTP, JSON,
/// mapping or change tracking: what SQLite alone needs for these writes on this disk.
/// </summary>
static class StorageCeiling
{
    /// <summary>The child rows of a call, in the order EF's SaveChanges writes them after the call itself.</summary>
    private static readonly string[] ChildTables = ["Participants", "Tags", "Comments", "Keywords", "Utterances"];

    /// <summary>Tables the ingest never writes (sign-in, audit, keys, EF's own), so rows in them are not missed work.</summary>
    private static readonly string[] NotIngest = ["__EFMigrationsHistory", "AspNetUsers", "AspNetRoles", "AspNetUserRoles", "AspNetUserClaims", "AspNetRoleClaims", "AspNetUserLogins", "AspNetUserTokens", "Audit", "ApiKeys", "sqlite_sequence", "sqlite_stat1", "sqlite_stat4",
        // Filled by the calls' own triggers (the hourly sums), in the ceiling as in the app.
        "CircuitHours", "UserHours", "UserDays"];

    /// <summary>The app's connection PRAGMAs (src/Data/DataExtensions.cs: WAL on the file, synchronous=FULL and foreign_keys=ON per connection).</summary>
    private const string AppPragmas = "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;";

    public sealed record Result(int Calls, IReadOnlyList<double> CallsPerSecond, IReadOnlyList<double> CpuMsPerCall, string RowsPerCall, IReadOnlyList<string> NotReinserted);

    /// <param name="source">A copy of the app's SQLite file, taken after the app stopped.</param>
    /// <param name="runs">Each run re-inserts everything into a new empty database.</param>
    /// <param name="withoutHourSums">Drop the triggers that keep the hourly sums first: what they cost, measured in the same run.</param>
    public static async Task<Result> MeasureAsync(string source, int runs, int callsPerTransaction = 64, bool withoutHourSums = false)
    {
        var data = await ReadAsync(source);
        var rates = new List<double>();
        var cpu = new List<double>();
        for (var run = 0; run < runs; run++)
        {
            var target = Path.Combine(Path.GetDirectoryName(source)!, $"ceiling-{run}.db");
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(target + suffix);
            var (seconds, cpuMs) = await InsertAsync(target, data, callsPerTransaction, withoutHourSums);
            rates.Add(data.Calls.Count / seconds);
            cpu.Add(cpuMs / data.Calls.Count);
            SqliteConnection.ClearAllPools();
            foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(target + suffix);
        }
        var n = (double)data.Calls.Count;
        var rowsPerCall = string.Join(", ", new[] { ("Details", n) }
            .Concat(ChildTables.Select(t => (t, (double)data.Calls.Sum(c => c.Children[t].Count))))
            .Append(("CallSearch", data.Calls.Count(c => c.Search is not null)))
            .Append(("Deliveries", data.Deliveries.Count))
            .Select(x => $"{x.Item1} {x.Item2 / n:N2}"));
        return new Result(data.Calls.Count, rates, cpu, rowsPerCall, data.NotReinserted);
    }

    private sealed record Table(string Name, string[] Columns);

    private sealed class Call(object?[] detail)
    {
        public object?[] Detail { get; } = detail;
        public Dictionary<string, List<object?[]>> Children { get; } = ChildTables.ToDictionary(t => t, _ => new List<object?[]>());
        /// <summary>The call's CallSearch texts (Operator, Customer, Notes), which the writer inserts in the same transaction.</summary>
        public object?[]? Search { get; set; }
    }

    private sealed record Rows(Table Details, Dictionary<string, Table> Children, Table DeliveryTable, List<Call> Calls, List<object?[]> Deliveries, List<string> NotReinserted);

    /// <summary>
    /// Every row the app wrote, in the order it wrote them. Columns are the target schema's minus the
    /// surrogate INTEGER keys, which SQLite assigns on insert as it does for the app's inserts.
    /// </summary>
    private static async Task<Rows> ReadAsync(string source)
    {
        // The target's columns come from a freshly migrated schema, the same one the inserts go to.
        var schemaPath = source + ".schema.db";
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(schemaPath + suffix);
        await MigrateAsync(schemaPath);
        await using var schema = new SqliteConnection($"Data Source={schemaPath};Pooling=False");
        await schema.OpenAsync();
        await using var conn = new SqliteConnection($"Data Source={source};Pooling=False");
        await conn.OpenAsync();

        async Task<Table> TableAsync(string name, bool keepKey)
        {
            var columns = new List<string>();
            await using var cmd = schema.CreateCommand();
            cmd.CommandText = $"SELECT name, type, pk FROM pragma_table_info('{name}')";
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var surrogate = reader.GetInt32(2) == 1 && reader.GetString(1).Equals("INTEGER", StringComparison.OrdinalIgnoreCase);
                if (keepKey || !surrogate) columns.Add(reader.GetString(0));
            }
            return new Table(name, [.. columns]);
        }

        async Task<List<object?[]>> SelectAsync(Table table, string orderBy)
        {
            var rows = new List<object?[]>();
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = $"SELECT {string.Join(", ", table.Columns.Select(c => $"\"{c}\""))} FROM \"{table.Name}\" ORDER BY {orderBy}";
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                var row = new object?[table.Columns.Length];
                reader.GetValues(row!);
                rows.Add(row);
            }
            return rows;
        }

        var details = await TableAsync("Details", keepKey: true);
        var children = new Dictionary<string, Table>();
        foreach (var name in ChildTables) children[name] = await TableAsync(name, keepKey: false);
        var deliveries = await TableAsync("Deliveries", keepKey: false);

        var idColumn = Array.IndexOf(details.Columns, "Id");
        var calls = new List<Call>();
        var byId = new Dictionary<string, Call>(StringComparer.Ordinal);
        // Details in rowid order: the order the writer inserted them.
        foreach (var row in await SelectAsync(details, "rowid"))
        {
            var call = new Call(row);
            calls.Add(call);
            byId[(string)row[idColumn]!] = call;
        }
        foreach (var (name, table) in children)
        {
            var detailColumn = Array.IndexOf(table.Columns, "DetailId");
            foreach (var row in await SelectAsync(table, "rowid")) byId[(string)row[detailColumn]!].Children[name].Add(row);
        }
        // The writer's CallSearch row of each call (own content: the three texts are stored in the index).
        await using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = "SELECT d.Id, s.Operator, s.Customer, s.Notes FROM CallSearch s JOIN Details d ON d.rowid = s.rowid";
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync())
            {
                byId[reader.GetString(0)].Search = [reader.GetValue(1), reader.GetValue(2), reader.GetValue(3)];
            }
        }
        var deliveryRows = await SelectAsync(deliveries, "rowid");

        // Anything else with rows that the ingest may have written (a table added later): named, not silently left out.
        var notReinserted = new List<string>();
        var tables = new List<string>();
        await using (var cmd = conn.CreateCommand())
        {
            cmd.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'CallSearch%'";
            await using var reader = await cmd.ExecuteReaderAsync();
            while (await reader.ReadAsync()) tables.Add(reader.GetString(0));
        }
        foreach (var name in tables.Except(["Details", "Deliveries", .. ChildTables, .. NotIngest]))
        {
            await using var cmd = conn.CreateCommand();
            cmd.CommandText = $"SELECT COUNT(*) FROM \"{name}\"";
            if (Convert.ToInt64(await cmd.ExecuteScalarAsync()) is var count and > 0) notReinserted.Add($"{name} ({count:N0} rows)");
        }

        SqliteConnection.ClearAllPools();
        foreach (var suffix in new[] { "", "-wal", "-shm" }) File.Delete(schemaPath + suffix);
        return new Rows(details, children, deliveries, calls, deliveryRows, notReinserted);
    }

    /// <summary>An empty database made by the app's own migrations (FTS5 table, triggers, indexes), as the app makes it at start.</summary>
    private static async Task MigrateAsync(string path)
    {
        var options = new DbContextOptionsBuilder<CallsDbContext>().UseSqlite($"Data Source={path};Pooling=False").Options;
        await using var db = new CallsDbContext(options);
        await db.Database.MigrateAsync();
        await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
    }

    /// <returns>Wall seconds and this process's CPU ms for the inserts alone (migration and reading excluded).</returns>
    private static async Task<(double Seconds, double CpuMs)> InsertAsync(string target, Rows data, int callsPerTransaction, bool withoutHourSums)
    {
        await MigrateAsync(target);
        if (withoutHourSums)
        {
            await using var drop = new SqliteConnection($"Data Source={target};Pooling=False");
            await drop.OpenAsync();
            await using var cmd = drop.CreateCommand();
            cmd.CommandText = "DROP TRIGGER Details_hours_ai; DROP TRIGGER Details_hours_ad; DROP TRIGGER Details_hours_au; DROP TRIGGER Details_days_ai; DROP TRIGGER Details_days_ad; DROP TRIGGER Details_days_au;";
            await cmd.ExecuteNonQueryAsync();
        }
        await using var conn = new SqliteConnection($"Data Source={target};Pooling=False");
        await conn.OpenAsync();
        await using (var pragmas = conn.CreateCommand())
        {
            pragmas.CommandText = AppPragmas;
            await pragmas.ExecuteNonQueryAsync();
        }

        SqliteCommand Prepare(Table table, string? returning = null)
        {
            var cmd = conn.CreateCommand();
            cmd.CommandText = $"INSERT INTO \"{table.Name}\" ({string.Join(", ", table.Columns.Select(c => $"\"{c}\""))}) VALUES ({string.Join(", ", table.Columns.Select((_, i) => $"$p{i}"))}){returning}";
            for (var i = 0; i < table.Columns.Length; i++) cmd.Parameters.Add(new SqliteParameter { ParameterName = $"$p{i}" });
            return cmd;
        }

        // The Details rowid is the CallSearch row's key, as the writer's INSERT … SELECT d.rowid makes it.
        await using var detail = Prepare(data.Details, " RETURNING rowid");
        var children = data.Children.ToDictionary(c => c.Key, c => Prepare(c.Value));
        await using var delivery = Prepare(data.DeliveryTable);
        await using var search = Prepare(new Table("CallSearch", ["rowid", "Operator", "Customer", "Notes"]));

        static void Bind(SqliteCommand cmd, object?[] row, int offset = 0)
        {
            for (var i = 0; i < row.Length; i++) cmd.Parameters[offset + i].Value = row[i] ?? DBNull.Value;
        }

        var process = Process.GetCurrentProcess();
        process.Refresh();
        var cpuBefore = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var calls = data.Calls;
        var deliveries = data.Deliveries;
        for (var first = 0; first < calls.Count; first += callsPerTransaction)
        {
            var last = Math.Min(calls.Count, first + callsPerTransaction);
            // BEGIN IMMEDIATE, as the writer's transaction (Microsoft.Data.Sqlite's default).
            await using var tx = (SqliteTransaction)await conn.BeginTransactionAsync();
            foreach (var cmd in children.Values.Append(detail).Append(delivery).Append(search)) { cmd.Transaction = tx; cmd.Prepare(); }
            for (var i = first; i < last; i++)
            {
                var call = calls[i];
                Bind(detail, call.Detail);
                var rowid = (long)(await detail.ExecuteScalarAsync())!;
                foreach (var (name, rows) in call.Children)
                {
                    foreach (var row in rows)
                    {
                        Bind(children[name], row);
                        await children[name].ExecuteNonQueryAsync();
                    }
                }
                if (call.Search is { } texts)
                {
                    search.Parameters[0].Value = rowid;
                    Bind(search, texts, offset: 1);
                    await search.ExecuteNonQueryAsync();
                }
            }
            // One delivery-log row per delivery; this scenario's deliveries each carry one new call.
            var deliveryEnd = last == calls.Count ? deliveries.Count : Math.Min(deliveries.Count, last);
            for (var d = Math.Min(first, deliveries.Count); d < deliveryEnd; d++)
            {
                Bind(delivery, deliveries[d]);
                await delivery.ExecuteNonQueryAsync();
            }
            await tx.CommitAsync();
        }
        var seconds = clock.Elapsed.TotalSeconds;
        process.Refresh();
        var cpuMs = (process.TotalProcessorTime - cpuBefore).TotalMilliseconds;
        foreach (var cmd in children.Values) await cmd.DisposeAsync();
        return (seconds, cpuMs);
    }
}

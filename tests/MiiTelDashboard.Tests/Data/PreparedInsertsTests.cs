using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MiiTelDashboard.Data;
using MiiTelDashboard.Ingest;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Data;

/// <summary>
/// The ingest writer stores new calls on SQLite with <see cref="PreparedInserts"/> instead of
/// SaveChanges. The same calls written both ways must leave the same rows, value for value and
/// storage class for storage class, in every table they touch (the hourly sums' triggers included).
/// </summary>
public sealed class PreparedInsertsTests : IDisposable
{
    private static readonly string[] Tables =
        ["Details", "Participants", "Tags", "Comments", "Keywords", "Utterances", "Deliveries", "CircuitHours", "UserHours", "UserDays"];

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "miitel-prepared-" + Guid.NewGuid().ToString("N"));

    public PreparedInsertsTests() => Directory.CreateDirectory(_folder);

    [Fact]
    public async Task NewCalls_WrittenByPreparedInserts_LeaveTheRowsSaveChangesLeaves()
    {
        var byEf = Path.Combine(_folder, "ef.db");
        var byInserts = Path.Combine(_folder, "prepared.db");

        await using (var db = await MigratedAsync(byEf))
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            var (calls, deliveries) = Batch();
            db.Details.AddRange(calls);
            db.Deliveries.AddRange(deliveries);
            await db.SaveChangesAsync();
            await tx.CommitAsync();
        }

        await using (var db = await MigratedAsync(byInserts))
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            var (calls, deliveries) = Batch();
            await using (var inserts = new PreparedInserts(db))
            {
                foreach (var call in calls) await inserts.InsertCallAsync(call);
                foreach (var delivery in deliveries) await inserts.InsertAsync(delivery);
            }
            // The generated keys come back, as SaveChanges sets them.
            Assert.Equal([1L, 2L], deliveries.Select(d => d.Id));
            await tx.CommitAsync();
        }

        foreach (var table in Tables)
        {
            var expected = await RowsAsync(byEf, table);
            var actual = await RowsAsync(byInserts, table);
            Assert.True(expected.Count > 0, $"{table} has rows to compare");
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public async Task OutsideATransaction_PreparedInsertsRefuse()
    {
        await using var db = await MigratedAsync(Path.Combine(_folder, "no-tx.db"));
        await using var inserts = new PreparedInserts(db);
        await Assert.ThrowsAsync<InvalidOperationException>(() => inserts.InsertAsync(new Delivery { Result = DeliveryResults.Accepted }));
    }

    /// <summary>
    /// The sample call with a comment (a dated child row) and a missed call with nearly every field
    /// empty, mapped as the webhook maps them; and their two delivery rows.
    /// </summary>
    private static (List<CallDetail> Calls, List<Delivery> Deliveries) Batch()
    {
        var at = new DateTime(2026, 11, 20, 9, 30, 15, 123, DateTimeKind.Utc).AddTicks(4567);
        var full = Bodies.Call("prepared-full", d =>
            d["comments"] = new JsonArray(new JsonObject { ["value"] = "来週また連絡", ["created_by"] = "佐藤", ["created_at"] = "2026-11-20T18:31:00+09:00" }));
        var bare = Bodies.Call("prepared-bare", d =>
        {
            foreach (var key in new[] { "analysis", "participants", "tags", "keywords", "phrases", "speech_recognition", "dial_answered_at", "queueing_starts_at", "queueing_answered_at", "queueing_ends_at" })
                d.Remove(key);
        });
        var calls = new List<CallDetail>();
        foreach (var root in new[] { full, bare })
        {
            var detail = JsonNode.Parse(Bodies.Detail(root).ToJsonString())!.AsObject();
            var call = DetailMapper.Map(detail["id"]!.GetValue<string>(), detail, detail.ToJsonString(), "call-" + detail["id"], "tenant", at, []);
            call.Version = 1;
            calls.Add(call);
        }
        var deliveries = calls.Select((c, i) => new Delivery
        {
            ReceivedAt = at.AddSeconds(i),
            RemoteIp = "203.0.113.7",
            SizeBytes = 8_600 + i,
            Result = DeliveryResults.Accepted,
            StatusCode = 200,
            DetailIds = c.Id,
            Stored = 1,
            WarningsJson = i == 0 ? null : """["a warning"]""",
        }).ToList();
        return (calls, deliveries);
    }

    private static async Task<CallsDbContext> MigratedAsync(string path)
    {
        var db = new CallsDbContext(new DbContextOptionsBuilder<CallsDbContext>().UseSqlite($"Data Source={path};Pooling=False").Options);
        await db.Database.MigrateAsync();
        return db;
    }

    /// <summary>Every row in rowid order, each value with its SQLite storage class (a date stored as TEXT in one file and REAL in the other differs).</summary>
    private static async Task<List<string>> RowsAsync(string path, string table)
    {
        await using var conn = new SqliteConnection($"Data Source={path};Pooling=False");
        await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = $"SELECT * FROM \"{table}\" ORDER BY 1, 2, 3";
        await using var reader = await cmd.ExecuteReaderAsync();
        var rows = new List<string>();
        while (await reader.ReadAsync())
        {
            rows.Add(string.Join(" | ", Enumerable.Range(0, reader.FieldCount).Select(i =>
                reader.IsDBNull(i) ? $"{reader.GetName(i)}=NULL" : $"{reader.GetName(i)}={reader.GetValue(i).GetType().Name}:{Convert.ToString(reader.GetValue(i), System.Globalization.CultureInfo.InvariantCulture)}")));
        }
        return rows;
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}

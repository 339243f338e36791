using System.Text.Json;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MiiTelDashboard.Data;
using MiiTelDashboard.Ingest;

namespace MiiTelDashboard.Search;

/// <summary>
/// Owns the rows of <c>CallSearch</c>, the call-level FTS5 trigram index: one row per call detail
/// (its rowid is the <c>Details</c> rowid) with the operator's raw utterances, the customer's, and
/// the notes (tags, comments, the minutes' text values) as three columns. A call's row is built from
/// many child rows that EF writes one by one, so it is replaced once per changed call by the writer
/// (<see cref="ISearchIndexer"/>) rather than by triggers per child row.
/// <para>
/// The <c>CallSearch</c> migration created the table with its own frozen copy of this SQL; this is
/// the runtime's copy, which may change with the index.
/// </para>
/// </summary>
public sealed class CallSearchIndex : ISearchIndexer
{
    /// <summary>
    /// Inserts the rows of the details selected by <paramref name="where"/> (a clause over
    /// <c>Details d</c>, or empty for all). Texts are joined with a newline, which no search term
    /// contains, so a term never matches across two utterances.
    /// </summary>
    private static string Insert(string where) => $"""
        INSERT INTO CallSearch(rowid, Operator, Customer, Notes)
        SELECT d.rowid,
            (SELECT group_concat(u.Text, char(10)) FROM Utterances u WHERE u.DetailId = d.Id AND u.Kind = 0 AND u.IsOperator = 1),
            (SELECT group_concat(u.Text, char(10)) FROM Utterances u WHERE u.DetailId = d.Id AND u.Kind = 0 AND u.IsOperator = 0),
            (SELECT group_concat(n.t, char(10)) FROM (
                SELECT Value AS t FROM Tags WHERE DetailId = d.Id
                UNION ALL SELECT Value FROM Comments WHERE DetailId = d.Id
                UNION ALL SELECT j.value FROM json_tree(CASE WHEN json_valid(d.MinutesJson) THEN d.MinutesJson ELSE 'null' END) j WHERE j.type = 'text') n)
        FROM Details d {where};
        """;

    /// <summary>
    /// Replaces the rows of the details whose ids are in the JSON array bound to <c>$ids</c>; a
    /// detail that no longer exists keeps no row (the delete trigger of <c>Details</c> removed it).
    /// </summary>
    private static readonly string ReplaceSql =
        "DELETE FROM CallSearch WHERE rowid IN (SELECT rowid FROM Details WHERE Id IN (SELECT value FROM json_each($ids)));\n"
        + Insert("WHERE d.Id IN (SELECT value FROM json_each($ids))");

    /// <summary>Refills the whole table; also repairs rows whose <c>Details</c> rowid a VACUUM renumbered.</summary>
    private static readonly string RebuildSql = "DELETE FROM CallSearch;\n" + Insert("");

    /// <summary>One bulk insert leaves many segments; merging them keeps the next searches fast.</summary>
    private const string OptimizeSql = "INSERT INTO CallSearch(CallSearch) VALUES ('optimize');";

    public async Task IndexAsync(CallsDbContext db, IReadOnlyCollection<string> detailIds, CancellationToken ct)
    {
        if (detailIds.Count == 0) return;
        if (db.Provider == DatabaseProvider.PostgreSQL)
        {
            await db.Database.ExecuteSqlRawAsync(PgReplaceSql, [detailIds.Select(PostgreSqlCallsDbContext.Storable).ToArray()], ct);
            return;
        }
        // One statement pair for the whole batch, the ids bound as one JSON array.
        var ids = JsonSerializer.Serialize(detailIds, AppJson.Storage);
        await db.Database.ExecuteSqlRawAsync(ReplaceSql, [new SqliteParameter("$ids", ids)], ct);
    }

    /// <summary>Refills <c>CallSearch</c> from every stored call, in <paramref name="db"/>'s current transaction if any.</summary>
    public static Task RebuildAsync(CallsDbContext db, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync(db.Provider == DatabaseProvider.PostgreSQL ? PgRebuildSql : RebuildSql, ct);

    /// <summary>Merges the index's segments (SQLite) or refreshes the planner's statistics (PostgreSQL); run after a rebuild, outside its transaction.</summary>
    public static Task OptimizeAsync(CallsDbContext db, CancellationToken ct) =>
        db.Database.ExecuteSqlRawAsync(db.Provider == DatabaseProvider.PostgreSQL ? "ANALYZE \"CallSearch\";" : OptimizeSql, ct);

    /// <summary>
    /// PostgreSQL's rows (<c>CallSearch</c> of the PostgreSQL migrations, keyed by the detail id), built
    /// like SQLite's: each side's raw utterances in order, then the notes (tags, comments, the minutes'
    /// string values), joined by newlines.
    /// </summary>
    private static string PgInsert(string where) => $"""
        INSERT INTO "CallSearch"("DetailId", "Operator", "Customer", "Notes")
        SELECT d."Id",
            (SELECT string_agg(u."Text", E'\n' ORDER BY u."Id") FROM "Utterances" u WHERE u."DetailId" = d."Id" AND u."Kind" = 0 AND u."IsOperator"),
            (SELECT string_agg(u."Text", E'\n' ORDER BY u."Id") FROM "Utterances" u WHERE u."DetailId" = d."Id" AND u."Kind" = 0 AND NOT u."IsOperator"),
            (SELECT string_agg(n.t, E'\n') FROM (
                SELECT "Value" AS t FROM "Tags" WHERE "DetailId" = d."Id"
                UNION ALL SELECT "Value" FROM "Comments" WHERE "DetailId" = d."Id"
                UNION ALL SELECT miitel_json_strings(d."MinutesJson")) n)
        FROM "Details" d {where};
        """;

    /// <summary>The ids bound as one text[] ({0}).</summary>
    private static readonly string PgReplaceSql =
        "DELETE FROM \"CallSearch\" WHERE \"DetailId\" = ANY({0});\n" + PgInsert("WHERE d.\"Id\" = ANY({0})");

    private static readonly string PgRebuildSql = "DELETE FROM \"CallSearch\";\n" + PgInsert("");
}

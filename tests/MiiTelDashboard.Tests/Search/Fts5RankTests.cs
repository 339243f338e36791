using Microsoft.Data.Sqlite;
using MiiTelDashboard.Search;

namespace MiiTelDashboard.Tests.Search;

/// <summary>
/// bm25_included against FTS5's own bm25, on a real SQLite file with the CallSearch table's shape:
/// the same order (and ties) with one included term, the same scores with several, excluded terms
/// ignored, and a wrong call answered with an SQL error instead of a crash.
/// </summary>
public sealed class Fts5RankTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"fts5rank-{Guid.NewGuid():N}.db");
    private readonly SqliteConnection _db;

    public Fts5RankTests()
    {
        _db = new SqliteConnection($"Data Source={_path};Pooling=False");
        _db.Open();
        Execute("CREATE VIRTUAL TABLE CallSearch USING fts5(Operator, Customer, Notes, tokenize='trigram');");
        var words = new[] { "pricing", "discount", "proposal", "見積書", "水曜日", "renewal", "send the proposal", "お見積り" };
        var random = new Random(7);
        using var tx = _db.BeginTransaction();
        for (var i = 1; i <= 400; i++)
        {
            string Text(int n) => string.Join(' ', Enumerable.Range(0, n).Select(_ => random.Next(4) == 0 ? words[random.Next(words.Length)] : $"filler{random.Next(50)}"));
            Execute($"INSERT INTO CallSearch(rowid, Operator, Customer, Notes) VALUES ({i}, $o, $c, $n);",
                ("$o", Text(random.Next(1, 30))), ("$c", Text(random.Next(1, 30))), ("$n", i % 5 == 0 ? "memo pricing" : ""));
        }
        // Identical rows: equal scores, so the tie order is checked too.
        for (var i = 401; i <= 405; i++) Execute($"INSERT INTO CallSearch(rowid, Operator, Customer, Notes) VALUES ({i}, 'pricing pricing', 'ok', '');");
        tx.Commit();
        Fts5Rank.Register(_db);
    }

    [Theory]
    [InlineData("(\"pricing\")")]
    [InlineData("(\"send the proposal\")")]
    [InlineData("({Operator} : \"見積書\")")]
    // An excluded term never occurs in a matching row: bm25 gives it a zero share, bm25_included skips it.
    [InlineData("(\"pricing\") NOT (\"discount\")")]
    public void OneIncludedTerm_RanksExactlyLikeBm25(string match)
    {
        var bm25 = Scores($"bm25(CallSearch)", match);
        var ours = Scores($"{Fts5Rank.FunctionName}(CallSearch, 1)", match);

        Assert.True(bm25.Count > 10, $"{match} matched only {bm25.Count} rows");
        Assert.Equal(Order(bm25), Order(ours));
        // Only the term's IDF is left out: one positive factor for every row.
        var factor = bm25[0].Score / ours[0].Score;
        Assert.True(factor > 0);
        Assert.All(bm25.Zip(ours), p => Assert.Equal(p.First.Score, p.Second.Score * factor, 9));
        Assert.Equal(bm25.Select(r => r.Score).Distinct().Count(), ours.Select(r => r.Score).Distinct().Count());
    }

    [Theory]
    [InlineData("(\"pricing\" AND \"proposal\")")]
    // The excluded term adds nothing, so with it skipped the scores are still bm25's.
    [InlineData("(\"pricing\" AND \"見積書\") NOT (\"discount\")")]
    public void SeveralIncludedTerms_ScoreExactlyAsBm25(string match)
    {
        var bm25 = Scores("bm25(CallSearch)", match);
        var ours = Scores($"{Fts5Rank.FunctionName}(CallSearch, 2)", match);

        Assert.NotEmpty(bm25);
        Assert.Equal(bm25, ours);
    }

    [Theory]
    [InlineData("bm25_included(CallSearch)")]
    [InlineData("bm25_included(CallSearch, 3)")]
    [InlineData("bm25_included(CallSearch, 0)")]
    [InlineData("bm25_included(CallSearch, 'one')")]
    public void AWrongCall_IsAnSqlError(string expression)
    {
        var e = Assert.Throws<SqliteException>(() => Scores(expression, "(\"pricing\")"));
        Assert.Contains("bm25_included", e.Message);
    }

    [Fact]
    public void RegisteringAgain_KeepsOneWorkingFunction()
    {
        Fts5Rank.Register(_db);
        Fts5Rank.Register(_db);
        Assert.NotEmpty(Scores($"{Fts5Rank.FunctionName}(CallSearch, 1)", "(\"pricing\")"));
    }

    private List<(long Rowid, double Score)> Scores(string expression, string match)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = $"SELECT rowid, {expression} FROM CallSearch WHERE CallSearch MATCH $match ORDER BY rowid";
        cmd.Parameters.AddWithValue("$match", match);
        using var reader = cmd.ExecuteReader();
        var rows = new List<(long, double)>();
        while (reader.Read()) rows.Add((reader.GetInt64(0), reader.GetDouble(1)));
        return rows;
    }

    /// <summary>Best first (lower is better), then rowid: ties keep their place only if the scores tie in both.</summary>
    private static List<long> Order(List<(long Rowid, double Score)> rows) =>
        rows.OrderBy(r => r.Score).ThenBy(r => r.Rowid).Select(r => r.Rowid).ToList();

    private void Execute(string sql, params (string Name, object Value)[] parameters)
    {
        using var cmd = _db.CreateCommand();
        cmd.CommandText = sql;
        foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
        cmd.ExecuteNonQuery();
    }

    public void Dispose()
    {
        _db.Dispose();
        File.Delete(_path);
    }
}

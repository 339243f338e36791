// What UtteranceSearch and NoteSearch (per-utterance and per-note FTS5 trigram tables) would buy the
// read paths that could use them, against what those paths do without them, on one database.
//   dotnet run -c Release --project bench/SearchTables -- --db bench/.out/db/before-100k.db [--reps 7]
// The database must still have both tables: generate it with bench/Search as of a commit before
// 20261129110512_DropUnusedSearchTables (e.g. 51313b1, `git archive` into bench/.out/before), since
// bench/Search migrates its database to the current schema. Nothing is migrated or written here. For each of the search
// bench's 3+ character queries, the page of 20 best calls (CallSearch, bm25) is found once; then,
// timed: the hit utterances of that page (the snippets), the hit utterances of its first call (a jump
// within one transcript), and the page's hit notes, each the way the app does it and through the
// index. Each variant's rows are compared, so the index is only credited where it finds the same.
using System.Diagnostics;
using Microsoft.Data.Sqlite;
using MiiTelDashboard.Search;

var dbPath = args.SkipWhile(a => a != "--db").Skip(1).FirstOrDefault() ?? throw new ArgumentException("--db <file> is required.");
var reps = args.SkipWhile(a => a != "--reps").Skip(1).Select(int.Parse).FirstOrDefault(7);
await using var conn = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = dbPath, Mode = SqliteOpenMode.ReadOnly }.ToString());
await conn.OpenAsync();
// As SearchService's connections (64 MB page cache, mmap), so neither variant re-reads pages from the OS.
await Exec("PRAGMA cache_size = -65536; PRAGMA mmap_size = 268435456;");

string[] queries =
[
    "見積書", "導入事例", "キャンペーン", "契約更新", "決裁者", "セキュリティ", "無料トライアル", "見積書 水曜日", "\"資料をお送り\"", "オンライン商談 -キャンペーン",
    "pricing", "contract", "renewal", "free trial", "decision maker", "security review", "\"send the proposal\"", "budget -discount", "integration", "Salesforce",
];

// The app's way (SearchService.LoadItemsAsync): per term, LIKE over the page's raw utterances.
const string PageLike = "SELECT Id FROM Utterances WHERE DetailId IN (SELECT value FROM json_each($ids)) AND Kind = 0 AND Text LIKE $like ESCAPE '\\'";
// Through the index, two plans: the page's utterance ids probed in FTS5, or every match filtered to the page.
const string PageProbe = "SELECT rowid FROM UtteranceSearch WHERE UtteranceSearch MATCH $phrase AND rowid IN (SELECT Id FROM Utterances WHERE DetailId IN (SELECT value FROM json_each($ids)) AND Kind = 0)";
const string PageFilter = "SELECT u.Id FROM UtteranceSearch f CROSS JOIN Utterances u ON u.Id = f.rowid WHERE UtteranceSearch MATCH $phrase AND u.DetailId IN (SELECT value FROM json_each($ids))";
// One transcript: its rows by LIKE, or probed in the index. (The call page itself finds in memory, below.)
const string CallLike = "SELECT Id FROM Utterances WHERE DetailId = $id AND Kind = 0 AND Text LIKE $like ESCAPE '\\'";
const string CallProbe = "SELECT rowid FROM UtteranceSearch WHERE UtteranceSearch MATCH $phrase AND rowid IN (SELECT Id FROM Utterances WHERE DetailId = $id AND Kind = 0)";
const string CallTexts = "SELECT Id, Text FROM Utterances WHERE DetailId = $id AND Kind = 0";
// Notes: the page's tags and comments read and searched in memory (the app), or NoteSearch.
const string NotesRead = "SELECT DetailId, 'tag', Value FROM Tags WHERE DetailId IN (SELECT value FROM json_each($ids)) UNION ALL SELECT DetailId, 'comment', Value FROM Comments WHERE DetailId IN (SELECT value FROM json_each($ids))";
const string NotesIndex = "SELECT DetailId, Source, Text FROM NoteSearch WHERE NoteSearch MATCH $phrase AND DetailId IN (SELECT value FROM json_each($ids))";

var timings = new Dictionary<string, List<double>>();
var mismatches = new List<string>();
foreach (var q in queries)
{
    var query = SearchQuery.Parse(q);
    var page = await Ids("SELECT d.Id FROM CallSearch f CROSS JOIN Details d ON d.rowid = f.rowid WHERE CallSearch MATCH $m ORDER BY rank LIMIT 20",
        ("$m", Match(query)));
    var ids = System.Text.Json.JsonSerializer.Serialize(page);
    var first = page[0];
    foreach (var term in query.Include)
    {
        var like = await Measure("page snippets: LIKE over the page's utterances (now)", PageLike, ("$ids", ids), ("$like", term.LikePattern));
        var probe = await Measure("page snippets: UtteranceSearch, page's rowids probed", PageProbe, ("$ids", ids), ("$phrase", term.FtsPhrase));
        var filtered = await Measure("page snippets: UtteranceSearch, all matches filtered to the page", PageFilter, ("$ids", ids), ("$phrase", term.FtsPhrase));
        Check(q, "page", like, probe, filtered);

        var callLike = await Measure("jump in one call: LIKE over its utterances", CallLike, ("$id", first), ("$like", term.LikePattern));
        var callProbe = await Measure("jump in one call: UtteranceSearch, its rowids probed", CallProbe, ("$id", first), ("$phrase", term.FtsPhrase));
        Check(q, "call", callLike, callProbe);
        // The call page has the transcript in memory already (TranscriptView): the find box scans it there.
        var texts = await Rows(CallTexts, ("$id", first));
        var inMemory = Time("jump in one call: in memory over the loaded transcript (the call page now)", () =>
            texts.Where(t => t.Text.Contains(term.Text, StringComparison.OrdinalIgnoreCase)).Select(t => t.Id).ToList());
        Check(q, "call in memory", callLike, inMemory);

        var notes = await MeasureNotes(ids, term);
        var noteIndex = await Measure("page notes: NoteSearch MATCH within the page", NotesIndex, ("$ids", ids), ("$phrase", term.FtsPhrase));
        if (notes != noteIndex.Count) mismatches.Add($"{q}: notes {notes} in memory vs {noteIndex.Count} by NoteSearch");
    }
}

Console.WriteLine($"Database: {dbPath} ({new FileInfo(dbPath).Length / 1e6:N1} MB); {queries.Length} queries × {reps} timed runs after one warm-up; page = the 20 best calls; load average {LoadAverage()}.");
Console.WriteLine();
Console.WriteLine("| read path | p50 ms | p95 ms | vs. the app's way now (p50) |");
Console.WriteLine("|---|---:|---:|---:|");
foreach (var (name, samples) in timings)
{
    var sorted = samples.Order().ToArray();
    var p50 = Percentile(sorted, 0.5);
    var basis = name.StartsWith("page snippets") ? "page snippets: LIKE over the page's utterances (now)"
        : name.StartsWith("jump") ? "jump in one call: in memory over the loaded transcript (the call page now)"
        : "page notes: tags and comments read, searched in memory (now)";
    var b = Percentile(timings[basis].Order().ToArray(), 0.5);
    Console.WriteLine($"| {name} | {p50:N3} | {Percentile(sorted, 0.95):N3} | {p50 / b:N1}× |");
}
Console.WriteLine();
Console.WriteLine(mismatches.Count == 0 ? "Every variant found the same rows." : "Rows differ:\n  " + string.Join("\n  ", mismatches));

async Task<int> MeasureNotes(string ids, SearchTerm term)
{
    var count = 0;
    for (var i = 0; i <= reps; i++)
    {
        var clock = Stopwatch.StartNew();
        var rows = await Rows3(NotesRead, ("$ids", ids));
        count = rows.Count(r => r.Text.Contains(term.Text, StringComparison.OrdinalIgnoreCase));
        if (i > 0) Add("page notes: tags and comments read, searched in memory (now)", clock.Elapsed.TotalMilliseconds);
    }
    return count;
}

async Task<List<long>> Measure(string name, string sql, params (string Name, object Value)[] parameters)
{
    List<long> result = [];
    for (var i = 0; i <= reps; i++)
    {
        var clock = Stopwatch.StartNew();
        result = await Longs(sql, parameters);
        if (i > 0) Add(name, clock.Elapsed.TotalMilliseconds);
    }
    return result;
}

List<long> Time(string name, Func<List<long>> run)
{
    List<long> result = [];
    for (var i = 0; i <= reps; i++)
    {
        var clock = Stopwatch.StartNew();
        result = run();
        if (i > 0) Add(name, clock.Elapsed.TotalMilliseconds);
    }
    return result;
}

void Add(string name, double ms) => (timings.TryGetValue(name, out var l) ? l : timings[name] = []).Add(ms);

void Check(string q, string what, List<long> expected, params List<long>[] others)
{
    foreach (var other in others)
        if (!expected.Order().SequenceEqual(other.Order())) mismatches.Add($"{q} ({what}): {expected.Count} vs {other.Count} rows");
}

async Task<List<long>> Longs(string sql, params (string Name, object Value)[] parameters)
{
    await using var cmd = Command(sql, parameters);
    await using var reader = await cmd.ExecuteReaderAsync();
    var list = new List<long>();
    while (await reader.ReadAsync()) list.Add(reader.GetInt64(0));
    return list;
}

async Task<List<string>> Ids(string sql, params (string Name, object Value)[] parameters)
{
    await using var cmd = Command(sql, parameters);
    await using var reader = await cmd.ExecuteReaderAsync();
    var list = new List<string>();
    while (await reader.ReadAsync()) list.Add(reader.GetString(0));
    return list;
}

async Task<List<(long Id, string Text)>> Rows(string sql, params (string Name, object Value)[] parameters)
{
    await using var cmd = Command(sql, parameters);
    await using var reader = await cmd.ExecuteReaderAsync();
    var list = new List<(long, string)>();
    while (await reader.ReadAsync()) list.Add((reader.GetInt64(0), reader.GetString(1)));
    return list;
}

async Task<List<(string DetailId, string Source, string Text)>> Rows3(string sql, params (string Name, object Value)[] parameters)
{
    await using var cmd = Command(sql, parameters);
    await using var reader = await cmd.ExecuteReaderAsync();
    var list = new List<(string, string, string)>();
    while (await reader.ReadAsync()) list.Add((reader.GetString(0), reader.GetString(1), reader.GetString(2)));
    return list;
}

SqliteCommand Command(string sql, (string Name, object Value)[] parameters)
{
    var cmd = conn.CreateCommand();
    cmd.CommandText = sql;
    foreach (var (name, value) in parameters) cmd.Parameters.AddWithValue(name, value);
    return cmd;
}

async Task Exec(string sql)
{
    await using var cmd = conn.CreateCommand();
    cmd.CommandText = sql;
    await cmd.ExecuteNonQueryAsync();
}

// As SearchService.MatchExpression with no side: included phrases AND-ed, excluded ones after NOT.
static string Match(SearchQuery q) =>
    "(" + string.Join(" AND ", q.Include.Select(t => t.FtsPhrase)) + ")"
    + (q.Exclude.Count == 0 ? "" : " NOT (" + string.Join(" OR ", q.Exclude.Select(t => t.FtsPhrase)) + ")");

static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

static string LoadAverage() => string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));

using System.ComponentModel.DataAnnotations;
using System.Linq.Expressions;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MiiTelDashboard.Calls;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Search;

/// <summary>Bound from <c>Search</c>.</summary>
public sealed class SearchOptions
{
    public const string Section = "Search";

    /// <summary>
    /// How many calls (newest first, within the filters) a 1–2 character term is looked for in.
    /// The trigram index cannot answer such terms, so they are a LIKE scan whose cost grows with
    /// this number; see docs/PERFORMANCE.md for what a scan of this size costs.
    /// </summary>
    [Range(1, 1_000_000)]
    public int ShortTermScanCalls { get; set; } = 5_000;

    /// <summary>
    /// How deep results can be paged: the ranking of page n reads the best n × pageSize matches, so
    /// without a bound one request for a huge page loads every match. 1,000 is 50 pages of the search
    /// page and 5 of the API's largest; past that, more words or narrower filters find a call sooner.
    /// </summary>
    [Range(1, 100_000)]
    public int MaxResults { get; set; } = 1_000;

    /// <summary>
    /// How many matching calls (newest first, within the filters) are ranked by relevance and counted.
    /// A common word is said in most calls: ranking and counting every match made a search's cost grow
    /// with the database (p95 ~800 ms at 1,000,000 calls). When more calls match, the newest this many
    /// are ranked, and the total reads "at least" (<see cref="SearchResults.RankLimited"/>). The default is
    /// <see cref="MaxResults"/>'s: no more can be paged through anyway.
    /// </summary>
    [Range(1, 1_000_000)]
    public int RankNewestMatches { get; set; } = 1_000;
}

/// <summary>A search by a reader with <paramref name="Access"/> (its scope) for <paramref name="Q"/> inside <paramref name="Filter"/>.</summary>
public sealed record SearchRequest(CallAccess Access, string? Q, CallFilter Filter, SearchSide? Side = null, int Page = 1, int PageSize = 20);

/// <summary>Where a hit was found: an utterance (with speaker and time) or a note on the call.</summary>
public sealed record SearchHit(string Source, long? UtteranceId, double? StartAt, string? ParticipantId, bool? IsOperator, Snippet Snippet)
{
    public const string Utterance = "utterance";
    public const string Tag = "tag";
    public const string Comment = "comment";
    public const string Minutes = "minutes";
}

/// <summary>A matching call, its relevance (bm25: lower is better) and where it matched.</summary>
public sealed record SearchResultItem(CallSummary Call, double Relevance, IReadOnlyList<SearchHit> Hits);

/// <param name="ScanLimited">
/// A 1–2 character term was only looked for in the newest <paramref name="ScanLimit"/> calls
/// within the filters, because more calls matched them.
/// </param>
/// <param name="Notice">Why there are no results although something was typed (too long, only exclusions).</param>
/// <param name="RankLimited">
/// More than <paramref name="RankLimit"/> calls within the filters match: <paramref name="Total"/> is
/// that limit (read it as "at least"), and the items are the most relevant of the newest that many.
/// </param>
public sealed record SearchResults(
    SearchQuery Query, int Total, int Page, int PageSize, IReadOnlyList<SearchResultItem> Items,
    bool ScanLimited, int ScanLimit, SearchNotice? Notice, bool RankLimited = false, int RankLimit = 0);

/// <summary>
/// Answers searches over transcripts and notes: trigram FTS5 for terms of 3+ characters, a
/// bounded LIKE scan for shorter ones, combined with the dashboard's <see cref="CallFilter"/>. On
/// PostgreSQL the index is pg_trgm's (<see cref="PgTrigram"/>) and the scan uses ILIKE.
/// User text only ever reaches SQL as bound parameters.
/// </summary>
public sealed class SearchService(IDbContextFactory<CallsDbContext> dbFactory, IOptions<SearchOptions> options)
{
    public const int MaxHitsPerCall = 3;
    private const int CacheKiB = 64 * 1024;
    private const long MmapBytes = 256L * 1024 * 1024;

    /// <summary>How many of the best matches can be paged through (<see cref="SearchOptions.MaxResults"/>).</summary>
    public int MaxResults => options.Value.MaxResults;

    /// <summary>The last page of <paramref name="pageSize"/> that may be asked for (<see cref="SearchOptions.MaxResults"/>); page 1 always may.</summary>
    public int MaxPage(int pageSize) => Math.Max(1, options.Value.MaxResults / pageSize);

    /// <summary>Answers one page; a page past <see cref="MaxPage"/> is answered as that page, which <see cref="SearchResults.Page"/> tells.</summary>
    public async Task<SearchResults> SearchAsync(SearchRequest request, CancellationToken ct)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(request.PageSize, 1);
        request = request with { Page = Math.Clamp(request.Page, 1, MaxPage(request.PageSize)) };
        var query = SearchQuery.Parse(request.Q);
        var side = request.Side ?? query.Side;
        var scanLimit = options.Value.ShortTermScanCalls;
        if (query.Problem is not null || query.IsEmpty)
        {
            var notice = query.Problem ?? (query.Exclude.Count > 0 ? SearchNotice.OnlyExclusions : null);
            return new SearchResults(query, 0, request.Page, request.PageSize, [], false, scanLimit, notice);
        }

        await using var db = await OpenAsync(ct);
        var longInclude = query.Include.Where(t => !t.IsShort).ToList();
        var longExclude = query.Exclude.Where(t => !t.IsShort).ToList();
        var rankLimit = options.Value.RankNewestMatches;
        var rankLimited = false;
        int total;
        List<RankedRow> ranked;
        bool scanLimited;
        if (query.All.Any(t => t.IsShort))
            (total, ranked, scanLimited) = await ScanAsync(db, request.Access, request.Filter, query, longInclude, longExclude, side, scanLimit, ct);
        else if (db.Provider == DatabaseProvider.PostgreSQL)
            (total, ranked, scanLimited) = await PgTrigram.RankAsync(db, longInclude, longExclude, side, request.Access, request.Filter, request.Page * request.PageSize, ct);
        else
        {
            // The common case: the index answers everything.
            (total, ranked, rankLimited) = await RankNewestAsync(db, MatchExpression(longInclude, longExclude, side), longInclude.Count,
                request.Access, request.Filter, request.Page * request.PageSize, rankLimit, ct);
            scanLimited = false;
        }

        var page = ranked.Skip((request.Page - 1) * request.PageSize).Take(request.PageSize).ToList();
        var items = page.Count == 0 ? [] : await LoadItemsAsync(db, request.Access, page, query, side, ct);
        return new SearchResults(query, total, request.Page, request.PageSize, items, scanLimited, scanLimit, null, rankLimited, rankLimit);
    }

    /// <summary>
    /// With a 1–2 character term, which the trigram index cannot answer: the newest
    /// <paramref name="scanLimit"/> calls within the filter (and within the index's hits for the
    /// longer terms, if any) are scanned with LIKE. Every matching call comes back ranked.
    /// </summary>
    private static async Task<(int Total, List<RankedRow> Rows, bool ScanLimited)> ScanAsync(
        CallsDbContext db, CallAccess access, CallFilter filter, SearchQuery query, List<SearchTerm> longInclude, List<SearchTerm> longExclude,
        SearchSide? side, int scanLimit, CancellationToken ct)
    {
        var calls = db.Calls(access, filter);
        // Ids, not rowids, here: the calls are joined after OrderBy/Take, where EF reads them from a
        // subquery that has no rowid column.
        IQueryable<RankedHit>? hits = null;
        if (longInclude.Count > 0)
        {
            hits = db.Provider == DatabaseProvider.PostgreSQL
                ? PgTrigram.Scored(db, longInclude, longExclude, side)
                : db.Database.SqlQueryRaw<RankedHit>(RankedCallsSql, MatchParameters(MatchExpression(longInclude, longExclude, side), longInclude.Count));
            var hitIds = hits.Select(h => h.DetailId);
            calls = calls.Where(d => hitIds.Contains(d.Id));
        }
        else if (longExclude.Count > 0)
        {
            // FTS5's NOT needs something on its left: with only short words to look for, the calls
            // holding any excluded word are found in one match and left out.
            var excluded = db.Provider == DatabaseProvider.PostgreSQL
                ? PgTrigram.Matching(db, longExclude, side)
                : db.Database.SqlQueryRaw<string>(MatchingCallsSql, new SqliteParameter("$match", AnyOf(longExclude, side)));
            calls = calls.Where(d => !excluded.Contains(d.Id));
        }

        // The bound applies to the calls the index already narrowed down to, if any.
        var scanLimited = await calls.Skip(scanLimit).AnyAsync(ct);
        calls = calls.OrderByDescending(d => d.StartedAt).Take(scanLimit);
        var pg = db.Provider == DatabaseProvider.PostgreSQL;
        foreach (var term in query.Include.Where(t => t.IsShort)) calls = calls.Where(PgTrigram.CaseInsensitive(ShortMatch(term.LikePattern, side), pg));
        foreach (var term in query.Exclude.Where(t => t.IsShort)) calls = calls.Where(PgTrigram.CaseInsensitive(Not(ShortMatch(term.LikePattern, side)), pg));

        IQueryable<RankedRow> rows = hits is null
            ? calls.Select(d => new RankedRow { DetailId = d.Id, Score = 0, StartedAtEpoch = d.StartedAtEpoch })
            : from h in hits
              join d in calls on h.DetailId equals d.Id
              select new RankedRow { DetailId = d.Id, Score = h.Score, StartedAtEpoch = d.StartedAtEpoch };

        // At most scanLimit calls: all of them as (id, score, time), counted and ordered in memory.
        var matches = await rows.ToListAsync(ct);
        return (matches.Count, Ordered(matches).ToList(), scanLimited);
    }

    /// <summary>Relevance (bm25, lower is better), then newest, then id for a stable order.</summary>
    internal static IOrderedEnumerable<RankedRow> Ordered(IEnumerable<RankedRow> rows) =>
        rows.OrderBy(r => r.Score).ThenByDescending(r => r.StartedAtEpoch).ThenBy(r => r.DetailId, StringComparer.Ordinal);

    private async Task<CallsDbContext> OpenAsync(CancellationToken ct)
    {
        var db = await dbFactory.CreateDbContextAsync(ct);
        if (db.Provider != DatabaseProvider.Sqlite) return db;
        await db.Database.OpenConnectionAsync(ct);
        // A search walks many index and table pages; SQLite's default 2 MB page cache re-reads them
        // from the OS on every query (system time was ~40% of a search). Per connection, and pooled
        // connections keep their cache, so this costs memory only on connections that searched.
        await db.Database.ExecuteSqlRawAsync($"PRAGMA cache_size = -{CacheKiB}; PRAGMA mmap_size = {MmapBytes};", ct);
        Fts5Rank.Register((SqliteConnection)db.Database.GetDbConnection());
        return db;
    }

    /// <summary>
    /// The best <paramref name="top"/> calls (by bm25, then newest) among the newest <paramref name="limit"/>
    /// calls within <paramref name="access"/> and <paramref name="filter"/> that match <paramref name="match"/>,
    /// and how many matched (at most <paramref name="limit"/>; <c>Limited</c> when more did).
    /// <para>
    /// FTS5 hands the matches out newest first (rowid order: a call's row is inserted when it is stored, so
    /// a period's calls are near the end), a chunk at a time; each chunk is narrowed to the calls of the
    /// query root by rowid lookups, until <paramref name="limit"/> + 1 are kept or the matches end. A
    /// search's cost is then bounded by the limit, not by how many of a million calls say a common word;
    /// with fewer matches than the limit it is the exact ranking and count of every match.
    /// </para>
    /// </summary>
    private static async Task<(int Total, List<RankedRow> Rows, bool Limited)> RankNewestAsync(
        CallsDbContext db, string match, int included, CallAccess access, CallFilter filter, int top, int limit, CancellationToken ct)
    {
        filter = await WithoutBoundsHoldingEveryCallAsync(db, filter, ct);
        var everything = filter == CallFilter.All && access.IsEverything;
        var calls = db.Calls(access, filter).Select(d => CallsDbContext.RowId(d.Id));
        var kept = new List<ScoredRowid>();
        var before = long.MaxValue;
        for (var chunk = Math.Min(limit + 1, LastChunk); kept.Count <= limit; chunk = Math.Min(chunk * 4, LastChunk))
        {
            var matches = await db.Database.SqlQueryRaw<ScoredRowid>(NewestScoredRowidsSql,
                [.. MatchParameters(match, included), new SqliteParameter("$before", before), new SqliteParameter("$chunk", chunk)]).ToListAsync(ct);
            if (matches.Count == 0) break;
            if (everything) kept.AddRange(matches);
            else
            {
                var rowids = matches.Select(m => m.R).ToList();
                var inFilter = (await calls.Where(r => EF.Parameter(rowids).Contains(r)).ToListAsync(ct)).ToHashSet();
                kept.AddRange(matches.Where(m => inFilter.Contains(m.R)));
            }
            if (matches.Count < chunk) break;
            before = matches[^1].R;
        }
        var limited = kept.Count > limit;
        if (limited) kept.RemoveRange(limit, kept.Count - limit);

        // Only the best (and any tied with the last of them, for "then newest") need their call's id and time;
        // their rowids go as one JSON parameter, so the statement is the same whatever their number.
        var best = kept.OrderBy(h => h.Score).ToList();
        if (best.Count > top)
        {
            var tie = best[top - 1].Score;
            best = best.TakeWhile((h, i) => i < top || h.Score == tie).ToList();
        }
        var rowidsOfBest = best.Select(h => h.R).ToList();
        var rows = await db.Details.AsNoTracking().Where(d => EF.Parameter(rowidsOfBest).Contains(CallsDbContext.RowId(d.Id)))
            .Select(d => new { R = CallsDbContext.RowId(d.Id), d.Id, d.StartedAtEpoch })
            .ToDictionaryAsync(d => d.R, ct);
        var ranked = Ordered(best.Where(h => rows.ContainsKey(h.R))
                .Select(h => new RankedRow { DetailId = rows[h.R].Id, Score = h.Score, StartedAtEpoch = rows[h.R].StartedAtEpoch }))
            .Take(top)
            .ToList();
        return (kept.Count, ranked, limited);
    }

    /// <summary>
    /// Matches read per round trip at most: the first chunk is the limit (+1), all a period's common
    /// word needs; rarer ones (whose matches thin out inside the filters) grow to this.
    /// </summary>
    private const int LastChunk = 4_096;

    /// <summary>
    /// <paramref name="filter"/> without a From/To that every stored call is inside (a long period
    /// on a young database): such a bound filters nothing, but as a rowid set it would cost a scan
    /// of the whole index (~40 ms on 100,000 calls). Two index seeks decide it.
    /// </summary>
    private static async Task<CallFilter> WithoutBoundsHoldingEveryCallAsync(CallsDbContext db, CallFilter filter, CancellationToken ct)
    {
        if (filter.From is { } from && await db.Details.MinAsync(d => (DateTime?)d.StartedAt, ct) is { } first && from <= first)
            filter = filter with { From = null };
        if (filter.To is { } to && await db.Details.MaxAsync(d => (DateTime?)d.StartedAt, ct) is { } last && to > last)
            filter = filter with { To = null };
        return filter;
    }

    /// <summary>
    /// The next <c>$chunk</c> matches of <c>$match</c> older than rowid <c>$before</c>, newest first,
    /// with their relevance (<see cref="ScoredRowidsSql"/>). FTS5 walks its doclists backwards for
    /// ORDER BY rowid DESC and stops at the LIMIT.
    /// </summary>
    private const string NewestScoredRowidsSql =
        "SELECT rowid AS R, " + Fts5Rank.FunctionName + "(CallSearch, $included) AS Score FROM CallSearch WHERE CallSearch MATCH $match AND rowid < $before ORDER BY rowid DESC LIMIT $chunk";

    /// <summary>
    /// Rowids of the calls matching <c>$match</c> with their relevance (lower is better). LIMIT -1 keeps
    /// SQLite from flattening this into an outer query, where the ranking function stops working.
    /// <see cref="Fts5Rank"/>'s bm25_included ranks exactly like FTS5's bm25 over
    /// the <c>$included</c> AND-ed terms, without bm25's extra pass over the index per term: with one
    /// term (the common search) that pass cannot change the order, and excluded terms never occur in
    /// a match. That pass was ~40% of ranking "send the proposal" (docs/PERFORMANCE.md, "Search").
    /// </summary>
    private const string ScoredRowidsSql =
        "SELECT rowid AS R, " + Fts5Rank.FunctionName + "(CallSearch, $included) AS Score FROM CallSearch WHERE CallSearch MATCH $match LIMIT -1";

    private static object[] MatchParameters(string match, int included) =>
        [new SqliteParameter("$match", match), new SqliteParameter("$included", included)];

    /// <summary>
    /// Calls matching the FTS5 expression bound to <c>$match</c>, with the relevance of
    /// <see cref="ScoredRowidsSql"/> (lower is better), by id. A ranking function only works while
    /// FTS5 drives the scan: LIMIT -1 keeps SQLite from flattening it into the join.
    /// </summary>
    private const string RankedCallsSql =
        "SELECT d.Id AS DetailId, f.Score AS Score FROM (" + ScoredRowidsSql + ") f CROSS JOIN Details d ON d.rowid = f.R";

    /// <summary>Ids of calls matching the FTS5 expression bound to <c>$match</c> (SqlQuery&lt;string&gt; reads a column named Value).</summary>
    private const string MatchingCallsSql =
        "SELECT d.Id AS Value FROM CallSearch f CROSS JOIN Details d ON d.rowid = f.rowid WHERE CallSearch MATCH $match";

    /// <summary>
    /// One FTS5 expression for the whole query: every included term AND-ed, the excluded ones
    /// after NOT, each limited to the side's column (no side: operator, customer and notes).
    /// Terms are quoted phrases (<see cref="SearchTerm.FtsPhrase"/>), so operators, *, NEAR and
    /// parentheses typed by the user are plain text; the expression is bound as one parameter.
    /// </summary>
    internal static string MatchExpression(IReadOnlyList<SearchTerm> include, IReadOnlyList<SearchTerm> exclude, SearchSide? side)
    {
        var expression = "(" + string.Join(" AND ", include.Select(t => Phrase(t, side))) + ")";
        return exclude.Count == 0 ? expression : expression + " NOT " + AnyOf(exclude, side);
    }

    /// <summary>An FTS5 expression matching calls that hold any of <paramref name="terms"/>.</summary>
    internal static string AnyOf(IReadOnlyList<SearchTerm> terms, SearchSide? side) =>
        "(" + string.Join(" OR ", terms.Select(t => Phrase(t, side))) + ")";

    private static string Phrase(SearchTerm term, SearchSide? side) => side switch
    {
        SearchSide.Operator => "{Operator} : " + term.FtsPhrase,
        SearchSide.Customer => "{Customer} : " + term.FtsPhrase,
        _ => term.FtsPhrase,
    };

    /// <summary>The LIKE fallback for one short term: in a raw utterance of the side, or (no side) in a tag, comment or the minutes.</summary>
    private static Expression<Func<CallDetail, bool>> ShortMatch(string pattern, SearchSide? side)
    {
        if (side is { } s)
        {
            var isOperator = s == SearchSide.Operator;
            return d => d.Utterances.Any(u => u.Kind == UtteranceKind.Raw && u.IsOperator == isOperator && EF.Functions.Like(u.Text, pattern, "\\"));
        }
        return d => d.Utterances.Any(u => u.Kind == UtteranceKind.Raw && EF.Functions.Like(u.Text, pattern, "\\"))
                    || d.Tags.Any(t => EF.Functions.Like(t.Value, pattern, "\\"))
                    || d.Comments.Any(c => EF.Functions.Like(c.Value, pattern, "\\"))
                    || (d.MinutesJson != null && EF.Functions.Like(d.MinutesJson, pattern, "\\"));
    }

    private static Expression<Func<CallDetail, bool>> Not(Expression<Func<CallDetail, bool>> e) =>
        Expression.Lambda<Func<CallDetail, bool>>(Expression.Not(e.Body), e.Parameters);

    private static async Task<List<SearchResultItem>> LoadItemsAsync(
        CallsDbContext db, CallAccess access, List<RankedRow> page, SearchQuery query, SearchSide? side, CancellationToken ct)
    {
        var ids = page.Select(r => r.DetailId).ToList();
        var pageCalls = db.Calls(access, CallFilter.All).Where(d => ids.Contains(d.Id));
        var details = await pageCalls.Select(CallSummary.Project).ToDictionaryAsync(d => d.DetailId, ct);
        var minutesJson = await pageCalls.Where(d => d.MinutesJson != null).ToDictionaryAsync(d => d.Id, d => d.MinutesJson, ct);

        // Only the utterances that can hold a hit: one LIKE per term over this page's calls.
        var terms = query.Include.Select(t => t.Text).ToList();
        var utterances = new Dictionary<long, Utterance>();
        bool? isOperator = side is null ? null : side == SearchSide.Operator;
        foreach (var term in query.Include)
        {
            var pattern = term.LikePattern;
            Expression<Func<Utterance, bool>> holds = u => ids.Contains(u.DetailId) && u.Kind == UtteranceKind.Raw
                && (isOperator == null || u.IsOperator == isOperator)
                && EF.Functions.Like(u.Text, pattern, "\\");
            var found = await db.Utterances.AsNoTracking()
                .Where(PgTrigram.CaseInsensitive(holds, db.Provider == DatabaseProvider.PostgreSQL))
                .ToListAsync(ct);
            foreach (var u in found) utterances[u.Id] = u;
        }
        var notes = side is not null ? [] : await db.Tags.AsNoTracking().Where(t => ids.Contains(t.DetailId))
            .Select(t => new { t.DetailId, Source = SearchHit.Tag, Text = t.Value })
            .Concat(db.Comments.AsNoTracking().Where(c => ids.Contains(c.DetailId)).Select(c => new { c.DetailId, Source = SearchHit.Comment, Text = c.Value }))
            .ToListAsync(ct);

        var items = new List<SearchResultItem>(page.Count);
        foreach (var row in page)
        {
            if (!details.TryGetValue(row.DetailId, out var d)) continue;
            var hits = utterances.Values.Where(u => u.DetailId == row.DetailId)
                .Select(u => (Utterance: u, Count: terms.Count(t => u.Text.Contains(t, StringComparison.OrdinalIgnoreCase))))
                .Where(x => x.Count > 0)
                .OrderByDescending(x => x.Count).ThenBy(x => x.Utterance.StartAt).ThenBy(x => x.Utterance.Id)
                .Take(MaxHitsPerCall)
                .OrderBy(x => x.Utterance.StartAt).ThenBy(x => x.Utterance.Id)
                .Select(x => new SearchHit(SearchHit.Utterance, x.Utterance.Id, x.Utterance.StartAt, x.Utterance.ParticipantId, x.Utterance.IsOperator, Snippet.Build(x.Utterance.Text, terms)!))
                .ToList();
            if (hits.Count < MaxHitsPerCall && side is null)
            {
                // The same tag given twice (two users, or a re-delivery) is one hit, not two identical lines.
                var noteTexts = notes.Where(n => n.DetailId == row.DetailId).Select(n => (n.Source, n.Text)).Distinct().ToList();
                if (MinutesText(minutesJson.GetValueOrDefault(row.DetailId)) is { } minutes) noteTexts.Add((SearchHit.Minutes, minutes));
                foreach (var (source, text) in noteTexts)
                {
                    if (hits.Count >= MaxHitsPerCall) break;
                    if (Snippet.Build(text, terms) is { } snippet) hits.Add(new SearchHit(source, null, null, null, null, snippet));
                }
            }
            items.Add(new SearchResultItem(d, row.Score, hits));
        }
        return items;
    }

    /// <summary>The string values of the minutes JSON, one per line, like the index holds them.</summary>
    internal static string? MinutesText(string? json)
    {
        if (string.IsNullOrEmpty(json)) return null;
        try
        {
            var values = new List<string>();
            Collect(JsonNode.Parse(json), values);
            return values.Count == 0 ? null : string.Join('\n', values);
        }
        catch (JsonException)
        {
            return null;
        }

        static void Collect(JsonNode? node, List<string> values)
        {
            switch (node)
            {
                case JsonObject o: foreach (var (_, v) in o) Collect(v, values); break;
                case JsonArray a: foreach (var v in a) Collect(v, values); break;
                case JsonValue v when v.GetValueKind() == JsonValueKind.String: values.Add(v.GetValue<string>()); break;
            }
        }
    }

    /// <summary>A row of <see cref="RankedCallsSql"/>.</summary>
    public sealed class RankedHit
    {
        public required string DetailId { get; init; }
        public double Score { get; init; }
    }

    /// <summary>A row of <see cref="ScoredRowidsSql"/>.</summary>
    public sealed class ScoredRowid
    {
        public long R { get; init; }
        public double Score { get; init; }
    }

    internal sealed class RankedRow
    {
        public required string DetailId { get; init; }
        public double Score { get; init; }
        /// <summary>Unix seconds: orders like StartedAt, and tens of thousands of matches read no date text.</summary>
        public long StartedAtEpoch { get; init; }
    }
}

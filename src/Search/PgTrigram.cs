using System.Globalization;
using System.Linq.Expressions;
using System.Text;
using Microsoft.EntityFrameworkCore;
using MiiTelDashboard.Calls;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Search;

/// <summary>
/// Search on PostgreSQL, with the meaning SQLite's FTS5 trigram index gives it: every included term a
/// case-insensitive substring of the call's <c>CallSearch</c> row (on the side's column, or on any of
/// operator, customer and notes), no excluded one. <c>ILIKE</c> through pg_trgm's GIN index, which
/// answers patterns of 3+ characters; shorter terms take <see cref="SearchService"/>'s bounded scan on
/// both providers. User text reaches SQL only as bound parameters.
/// <para>
/// Relevance stands in for FTS5's bm25 (lower is better): per included term, its occurrences in the
/// searched text saturated as bm25 does (k1 = 1.2, b = 0.75) against the text's length, summed and
/// negated. A call saying the word more often, in less text, ranks first; equal texts score equal.
/// </para>
/// </summary>
internal static class PgTrigram
{
    /// <summary>The text length bm25's length normalisation compares with (FTS5 uses the index's average).</summary>
    private const double AverageLength = 500;

    /// <summary>Calls matching the terms, with relevance, as <see cref="SearchService.RankedHit"/> rows.</summary>
    public static IQueryable<SearchService.RankedHit> Scored(CallsDbContext db, IReadOnlyList<SearchTerm> include, IReadOnlyList<SearchTerm> exclude, SearchSide? side)
    {
        var parameters = new List<object>();
        var score = new StringBuilder();
        foreach (var term in include)
        {
            var text = Add(parameters, term.Text);
            var tf = $"((char_length(x.t) - char_length(replace(x.t, lower({text}), ''))) / greatest(char_length(lower({text})), 1))::float8";
            score.Append(CultureInfo.InvariantCulture, $" - ({tf} * 2.2 / ({tf} + x.k))");
        }
        var where = Where(parameters, include, exclude, side);
        var sql = $"""
            SELECT s."DetailId" AS "DetailId", (0{score})::float8 AS "Score"
            FROM "CallSearch" s
            CROSS JOIN LATERAL (SELECT lower({Document(side)}) AS t) d
            CROSS JOIN LATERAL (SELECT d.t AS t, 1.2 * (0.25 + 0.75 * char_length(d.t) / {AverageLength.ToString(CultureInfo.InvariantCulture)}) AS k) x
            WHERE {where}
            """;
        return db.Database.SqlQueryRaw<SearchService.RankedHit>(sql, [.. parameters]);
    }

    /// <summary>Ids of the calls holding any of <paramref name="terms"/> (SqlQuery&lt;string&gt; reads a column named Value).</summary>
    public static IQueryable<string> Matching(CallsDbContext db, IReadOnlyList<SearchTerm> terms, SearchSide? side)
    {
        var parameters = new List<object>();
        var any = string.Join(" OR ", terms.Select(t => Holds(parameters, t, side)));
        var sql = "SELECT s.\"DetailId\" AS \"Value\" FROM \"CallSearch\" s WHERE " + any;
        return db.Database.SqlQueryRaw<string>(sql, [.. parameters]);
    }

    /// <summary>
    /// The total and the best <paramref name="top"/> calls (relevance, then newest, then id) within the
    /// reader's scope and the filter: the index's hits joined with the one query root.
    /// </summary>
    public static async Task<(int Total, List<SearchService.RankedRow> Rows, bool ScanLimited)> RankAsync(
        CallsDbContext db, IReadOnlyList<SearchTerm> include, IReadOnlyList<SearchTerm> exclude, SearchSide? side,
        CallAccess access, CallFilter filter, int top, CancellationToken ct)
    {
        var rows = Ranked(db, include, exclude, side, access, filter);
        var total = await rows.CountAsync(ct);
        var best = await rows.OrderBy(r => r.Score).ThenByDescending(r => r.StartedAtEpoch).ThenBy(r => r.DetailId).Take(top).ToListAsync(ct);
        return (total, SearchService.Ordered(best).ToList(), false);
    }

    /// <summary>The index's hits within the reader's scope and the filter, unordered: what <see cref="RankAsync"/> counts and ranks.</summary>
    internal static IQueryable<SearchService.RankedRow> Ranked(
        CallsDbContext db, IReadOnlyList<SearchTerm> include, IReadOnlyList<SearchTerm> exclude, SearchSide? side, CallAccess access, CallFilter filter) =>
        from h in Scored(db, include, exclude, side)
        join d in db.Calls(access, filter) on h.DetailId equals d.Id
        select new SearchService.RankedRow { DetailId = d.Id, Score = h.Score, StartedAtEpoch = d.StartedAtEpoch };

    /// <summary>
    /// <paramref name="predicate"/> with its <c>LIKE</c>s made <c>ILIKE</c> on PostgreSQL, whose LIKE
    /// tells case apart (SQLite's does not, for ASCII, and neither does its trigram index).
    /// </summary>
    public static Expression<Func<T, bool>> CaseInsensitive<T>(Expression<Func<T, bool>> predicate, bool postgreSql) =>
        postgreSql ? (Expression<Func<T, bool>>)new LikeToILike().Visit(predicate) : predicate;

    private static string Where(List<object> parameters, IReadOnlyList<SearchTerm> include, IReadOnlyList<SearchTerm> exclude, SearchSide? side)
    {
        var where = string.Join(" AND ", include.Select(t => $"({Holds(parameters, t, side)})"));
        // Inside NOT a NULL column must count as holding nothing, or NOT (NULL) would drop the row.
        return exclude.Count == 0 ? where : $"{where} AND NOT ({string.Join(" OR ", exclude.Select(t => $"coalesce({Holds(parameters, t, side)}, false)"))})";
    }

    /// <summary>
    /// The term as a substring of the side's column, or of any column: true, or false or NULL (a NULL
    /// column holds nothing), which a WHERE treats alike. Plain <c>ILIKE</c>s OR'ed, which the planner
    /// answers with the trigram index (a BitmapOr of its scans); wrapped in a function such as
    /// <c>coalesce</c>, the predicate is opaque to it and every search reads the whole table.
    /// </summary>
    private static string Holds(List<object> parameters, SearchTerm term, SearchSide? side)
    {
        var p = Add(parameters, term.LikePattern);
        return side switch
        {
            SearchSide.Operator => $"s.\"Operator\" ILIKE {p}",
            SearchSide.Customer => $"s.\"Customer\" ILIKE {p}",
            _ => $"s.\"Operator\" ILIKE {p} OR s.\"Customer\" ILIKE {p} OR s.\"Notes\" ILIKE {p}",
        };
    }

    private static string Document(SearchSide? side) => side switch
    {
        SearchSide.Operator => "coalesce(s.\"Operator\", '')",
        SearchSide.Customer => "coalesce(s.\"Customer\", '')",
        _ => "concat_ws(E'\\n', s.\"Operator\", s.\"Customer\", s.\"Notes\")",
    };

    private static string Add(List<object> parameters, string value)
    {
        parameters.Add(value);
        return "{" + (parameters.Count - 1).ToString(CultureInfo.InvariantCulture) + "}";
    }

    private sealed class LikeToILike : ExpressionVisitor
    {
        private static readonly System.Reflection.MethodInfo Like = typeof(DbFunctionsExtensions).GetMethod(
            nameof(DbFunctionsExtensions.Like), [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;
        private static readonly System.Reflection.MethodInfo ILike = typeof(NpgsqlDbFunctionsExtensions).GetMethod(
            nameof(NpgsqlDbFunctionsExtensions.ILike), [typeof(DbFunctions), typeof(string), typeof(string), typeof(string)])!;

        protected override Expression VisitMethodCall(MethodCallExpression node) =>
            node.Method == Like ? Expression.Call(ILike, node.Arguments.Select(Visit)!) : base.VisitMethodCall(node);
    }
}

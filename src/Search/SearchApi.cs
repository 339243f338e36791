using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using MiiTelDashboard.Calls;
using MiiTelDashboard.Ingest;
using MiiTelDashboard.Security;

namespace MiiTelDashboard.Search;

public sealed record SearchApiHit(string Source, long? UtteranceId, double? StartAt, string? ParticipantId, bool? IsOperator, string Snippet, IReadOnlyList<int[]> Highlights);

/// <summary>
/// One matching call. The first (earliest) hit is repeated at the top level (startAt,
/// participantId, isOperator, snippet) so a client that wants one line per call needs no more.
/// </summary>
public sealed record SearchApiItem(
    string DetailId, string? CallId, DateTime StartedAt, string? CallType, string Outcome,
    string? CircuitName, string? CircuitNumber, string? OperatorName, string? CounterpartName, string? CounterpartCompany,
    double DurationSeconds, double Relevance,
    double? StartAt, string? ParticipantId, bool? IsOperator, string? Snippet, IReadOnlyList<int[]> Highlights,
    IReadOnlyList<SearchApiHit> Hits);

/// <param name="RankLimited">More than <paramref name="RankLimit"/> calls match: <paramref name="Total"/> is that limit, and the items are the best of the newest that many.</param>
public sealed record SearchApiPage(int Total, int Page, int PageSize, bool ScanLimited, int ScanLimit, string? Notice, IReadOnlyList<SearchApiItem> Items,
    bool RankLimited = false, int RankLimit = 0);

/// <summary><c>GET /api/search</c>: the search page's results for integrations.</summary>
public static class SearchApi
{
    public const int MaxPageSize = 200;

    public static async Task<Results<Ok<SearchApiPage>, ProblemHttpResult>> SearchAsync(
        SearchService search, ClaimsPrincipal reader, CancellationToken ct,
        string? q = null, string? side = null,
        string? circuit = null, string? user = null, string? from = null, string? to = null,
        string? type = null, string? outcome = null, string? tag = null,
        int page = 1, int pageSize = 20)
    {
        var errors = new List<string>();
        SearchSide? parsedSide = null;
        if (!string.IsNullOrEmpty(side))
        {
            if (SearchQuery.TryParseSide(side, out var s)) parsedSide = s;
            else errors.Add("side must be operator or customer.");
        }
        var filter = CallFilter.FromApiQuery(circuit, user, from, to, type, outcome, tag, errors);
        if (page < 1) errors.Add("page starts at 1.");
        if (pageSize is < 1 or > MaxPageSize) errors.Add($"pageSize must be between 1 and {MaxPageSize}.");
        else if (page > search.MaxPage(pageSize))
            errors.Add($"page goes up to {search.MaxPage(pageSize)} at pageSize {pageSize}: only the best {search.MaxResults} matches can be paged through; add words or narrow the filters.");
        if (errors.Count > 0)
            return TypedResults.Problem(title: "Invalid query", detail: string.Join(" ", errors), statusCode: StatusCodes.Status400BadRequest);

        var results = await search.SearchAsync(new SearchRequest(CallAccess.Of(reader), q, filter, parsedSide, page, pageSize), ct);
        var items = results.Items.Select(i =>
        {
            var hits = i.Hits.Select(h => new SearchApiHit(h.Source, h.UtteranceId, h.StartAt, h.ParticipantId, h.IsOperator, h.Snippet.Text, h.Snippet.Highlights())).ToList();
            var first = hits.FirstOrDefault();
            var c = i.Call;
            return new SearchApiItem(c.DetailId, c.CallId, c.StartedAt, c.CallType, c.Outcome, c.CircuitName, c.CircuitNumber,
                c.OperatorName, c.CounterpartName, c.CounterpartCompany, c.DurationSeconds, i.Relevance,
                first?.StartAt, first?.ParticipantId, first?.IsOperator, first?.Snippet, first?.Highlights ?? [], hits);
        }).ToList();
        return TypedResults.Ok(new SearchApiPage(results.Total, page, pageSize, results.ScanLimited, results.ScanLimit, results.Notice?.Text, items, results.RankLimited, results.RankLimit));
    }
}

public static class SearchExtensions
{
    public static IHostApplicationBuilder AddSearch(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<SearchOptions>().BindConfiguration(SearchOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<SearchService>();
        builder.Services.AddSingleton<ISearchIndexer, CallSearchIndex>();
        return builder;
    }

    public static IEndpointRouteBuilder MapSearch(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/search", SearchApi.SearchAsync).RequireAuthorization(SecurityExtensions.ReadApiPolicy);
        return app;
    }
}

using System.Security.Claims;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Calls;

public sealed record OperatorDto(string? Name, string? LoginId);
public sealed record CounterpartDto(string? Name, string? Company, string? Number);

public sealed record CallPage(int Total, int Page, int PageSize, IReadOnlyList<CallListItem> Items);

/// <summary>The read API's shape of a <see cref="CallSummary"/> (a published contract: operator and counterpart nested).</summary>
public sealed record CallListItem(
    string DetailId, string? CallId, DateTime StartedAt, string? CallType, string Outcome,
    string? CircuitNumber, string? CircuitName, OperatorDto Operator, CounterpartDto Counterpart,
    double DurationSeconds, double? Score, double? Tlr, int? OverlapCount, int? SilenceCount,
    IReadOnlyList<string> Tags)
{
    public static CallListItem From(CallSummary c) => new(
        c.DetailId, c.CallId, c.StartedAt, c.CallType, c.Outcome, c.CircuitNumber, c.CircuitName,
        new OperatorDto(c.OperatorName, c.OperatorLoginId), new CounterpartDto(c.CounterpartName, c.CounterpartCompany, c.CounterpartNumber),
        c.DurationSeconds, c.Score, c.Tlr, c.OverlapCount, c.SilenceCount, c.Tags);
}

/// <summary>The read API for integrations: <c>/api/calls</c> and <c>/api/calls/{detailId}</c>.</summary>
public static class CallsApi
{
    public static IEndpointRouteBuilder MapCallsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/calls").RequireAuthorization(CallAccess.ReadApiPolicy);
        api.MapGet("/", ListAsync);
        api.MapGet("/{detailId}", GetAsync);
        return app;
    }

    internal static async Task<Results<Ok<CallPage>, ProblemHttpResult>> ListAsync(
        CallQueries queries, ClaimsPrincipal reader, CancellationToken ct,
        string? circuit = null, string? user = null, string? from = null, string? to = null,
        string? type = null, string? outcome = null, string? tag = null, int page = 1, int pageSize = 50)
    {
        var errors = new List<string>();
        var filter = CallFilter.FromApiQuery(circuit, user, from, to, type, outcome, tag, errors);
        if (page < 1) errors.Add("page starts at 1.");
        if (pageSize is < 1 or > CallQueries.MaxPageSize) errors.Add($"pageSize must be between 1 and {CallQueries.MaxPageSize}.");
        if (errors.Count > 0)
            return TypedResults.Problem(title: "Invalid query", detail: string.Join(" ", errors), statusCode: StatusCodes.Status400BadRequest);

        var result = await queries.PageAsync(CallAccess.Of(reader), filter, CallSort.Default, page, pageSize, ct);
        return TypedResults.Ok(new CallPage(result.Total, page, pageSize, result.Rows.Select(CallListItem.From).ToList()));
    }

    internal static async Task<Results<ContentHttpResult, NotFound<ProblemDetails>>> GetAsync(
        string detailId, ClaimsPrincipal reader, IDbContextFactory<CallsDbContext> dbFactory, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var d = await db.Calls(CallAccess.Of(reader), CallFilter.All).FirstOrDefaultAsync(x => x.Id == detailId, ct);
        if (d is null)
            return TypedResults.NotFound(new ProblemDetails { Title = "Not found", Detail = $"No call detail with id '{detailId}'.", Status = 404 });
        return TypedResults.Content(ToApiJson(d).ToJsonString(AppJson.Api), "application/json", Encoding.UTF8);
    }

    /// <summary>The detail as MiiTel sent it, keys in camelCase, plus what we derived.</summary>
    public static JsonObject ToApiJson(CallDetail d)
    {
        var json = (JsonObject)CamelCase(JsonNode.Parse(d.RawJson))!;
        json["callId"] = d.CallId;
        json["tenantCode"] = d.TenantCode;
        json["operator"] = new JsonObject { ["name"] = d.OperatorName, ["loginId"] = d.OperatorLoginId };
        json["durationSeconds"] = d.DurationSeconds;
        json["outcome"] = d.Outcome;
        json["startedAt"] = d.StartedAt;
        json["version"] = d.Version;
        return json;
    }

    private static JsonNode? CamelCase(JsonNode? node) => node switch
    {
        JsonObject o => CamelCaseObject(o),
        JsonArray a => new JsonArray(a.Select(CamelCase).ToArray()),
        null => null,
        _ => node.DeepClone(),
    };

    private static JsonObject CamelCaseObject(JsonObject o)
    {
        var result = new JsonObject();
        foreach (var (key, value) in o) result[ToCamel(key)] = CamelCase(value);
        return result;
    }

    internal static string ToCamel(string snake)
    {
        if (!snake.Contains('_')) return snake.Length > 0 && char.IsUpper(snake[0]) ? char.ToLowerInvariant(snake[0]) + snake[1..] : snake;
        var sb = new StringBuilder(snake.Length);
        var upper = false;
        foreach (var c in snake)
        {
            if (c == '_') { upper = sb.Length > 0; continue; }
            sb.Append(upper ? char.ToUpperInvariant(c) : sb.Length == 0 ? char.ToLowerInvariant(c) : c);
            upper = false;
        }
        return sb.ToString();
    }

}

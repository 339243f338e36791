using Microsoft.AspNetCore.Http.HttpResults;
using MiiTelDashboard.Calls.Filters;
using MiiTelDashboard.Components;

namespace MiiTelDashboard.Calls;

public static class CallsExtensions
{
    public static IHostApplicationBuilder AddCalls(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<CallQueries>();
        builder.Services.AddSingleton<FilterOptionsQuery>();
        builder.Services.AddSingleton<CallDetailQuery>();
        return builder;
    }

    /// <summary>GET /calls/export.csv: the calls page's filters and order (same query keys) plus <c>tz</c>, the viewer's IANA time zone.</summary>
    public static IEndpointRouteBuilder MapCallsExport(this IEndpointRouteBuilder app)
    {
        app.MapGet("/calls/export.csv", ExportAsync).WithName("CallsCsv");
        return app;
    }

    internal static async Task<Results<EmptyHttpResult, ProblemHttpResult>> ExportAsync(
        HttpContext context, CallQueries queries, TimeProvider time, CancellationToken ct,
        string? from = null, string? to = null, string? period = null, string? circuit = null, string? user = null, string? type = null,
        string? outcome = null, string? tag = null, string? minScore = null, string? maxScore = null,
        string? sort = null, string? desc = null, string? tz = null)
    {
        var zone = TimeZoneInfo.Utc;
        if (!string.IsNullOrWhiteSpace(tz) && !TimeZoneInfo.TryFindSystemTimeZoneById(tz, out zone!))
            return TypedResults.Problem(title: "Unknown time zone", detail: $"tz '{tz}' is not an IANA time zone id such as Asia/Tokyo.", statusCode: StatusCodes.Status400BadRequest);

        var page = PageFilter.Parse(from, to, period, circuit, user, type, outcome, tag, minScore, maxScore);
        var today = new BrowserInfo(zone, BrowserInfo.Utc.Culture).Today(time);
        var (first, last) = page.Period(today);
        var filter = page.ToCallFilter(zone, today);

        context.Response.ContentType = "text/csv; charset=utf-8";
        context.Response.Headers.ContentDisposition = $"attachment; filename=\"calls-{(first is { } f ? $"{f:yyyy-MM-dd}" : "all")}-{last:yyyy-MM-dd}.csv\"";
        await CallCsv.WriteAsync(context.Response.Body, queries.StreamAsync(CallAccess.Of(context.User), filter, CallSort.Parse(sort, desc), ct), zone, ct);
        return TypedResults.Empty;
    }
}

using MiiTelDashboard.Data;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MiiTelDashboard.Calls;
using MiiTelDashboard.Demo;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Calls;

public abstract class CallQueriesTests(DatabaseProvider provider)
{
    private async Task<AppFactory> SeededAsync(int calls)
    {
        var factory = AppFactory.For(provider);
        await SeededApp.PostAsync(factory, new DemoCallGenerator(new DemoOptions { Calls = calls, Days = 10, Seed = 3, End = AppFactory.Now }).Bodies());
        return factory;
    }

    [Fact]
    public async Task Pages_AreDisjointAndStable_UnderEverySort()
    {
        using var factory = await SeededAsync(90);
        var queries = factory.Services.GetRequiredService<CallQueries>();
        var all = new CallFilter();

        foreach (var column in Enum.GetValues<CallSortColumn>())
        {
            var sort = new CallSort(column, true);
            var everything = await queries.PageAsync(CallAccess.Everything, all, sort, 1, CallQueries.MaxPageSize, default);
            var first = await queries.PageAsync(CallAccess.Everything, all, sort, 1, 30, default);
            var second = await queries.PageAsync(CallAccess.Everything, all, sort, 2, 30, default);
            Assert.Equal(everything.Rows.Take(60).Select(r => r.DetailId), first.Rows.Concat(second.Rows).Select(r => r.DetailId));
            Assert.Equal(everything.Total, first.Total);
        }
    }

    [Fact]
    public async Task Rows_CarryTheirTags_AndUtcTimes()
    {
        using var factory = await SeededAsync(60);
        var queries = factory.Services.GetRequiredService<CallQueries>();
        var page = await queries.PageAsync(CallAccess.Everything, new CallFilter { Tag = "アポ獲得" }, CallSort.Default, 1, 50, default);

        Assert.NotEmpty(page.Rows);
        Assert.All(page.Rows, r => Assert.Contains("アポ獲得", r.Tags));
        Assert.All(page.Rows, r => Assert.Equal(DateTimeKind.Utc, r.StartedAt.Kind));
    }

    [Fact]
    public async Task Export_WithAnUnknownTimeZone_AnswersProblemJson()
    {
        using var factory = AppFactory.For(provider);
        using var client = await factory.SignedInClientAsync();
        using var response = await client.GetAsync("/calls/export.csv?tz=Mars/Olympus");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Mars/Olympus", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Export_IsAnAttachment_WithTheHeaderRowEvenWhenEmpty()
    {
        using var factory = AppFactory.For(provider);
        using var client = await factory.SignedInClientAsync();
        using var response = await client.GetAsync("/calls/export.csv?from=2026-01-01&to=2026-01-31&tz=Asia/Tokyo");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("calls-2026-01-01-2026-01-31.csv", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'));
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(string.Join(',', CallCsv.Header) + "\r\n", System.Text.Encoding.UTF8.GetString(bytes[3..]));
    }

    public sealed class OnSqlite() : CallQueriesTests(DatabaseProvider.Sqlite);
    public sealed class OnPostgreSql() : CallQueriesTests(DatabaseProvider.PostgreSQL);
}

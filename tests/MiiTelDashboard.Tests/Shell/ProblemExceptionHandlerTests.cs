using System.Text.Json;
using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using MiiTelDashboard.Shell;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Shell;

public sealed class ProblemExceptionHandlerTests : IDisposable
{
    private readonly AppFactory _app = new();

    public void Dispose() => _app.Dispose();

    private DefaultHttpContext Context(Endpoint? endpoint = null)
    {
        var context = new DefaultHttpContext { RequestServices = _app.Services };
        context.Response.Body = new MemoryStream();
        context.SetEndpoint(endpoint);
        return context;
    }

    private ProblemExceptionHandler Handler() => new(_app.Services.GetRequiredService<IProblemDetailsService>());

    private static JsonElement Problem(HttpContext context)
    {
        context.Response.Body.Position = 0;
        return JsonDocument.Parse(context.Response.Body).RootElement;
    }

    [Fact]
    public async Task ABadRequestOutsideThePages_ShouldBeProblemJson_WithItsStatus()
    {
        var context = Context();
        Assert.True(await Handler().TryHandleAsync(context, new BadHttpRequestException("Bad chunk size data", 400), default));
        Assert.Equal(400, context.Response.StatusCode);
        Assert.StartsWith("application/problem+json", context.Response.ContentType, StringComparison.Ordinal);
        Assert.Equal(400, Problem(context).GetProperty("status").GetInt32());
    }

    [Fact]
    public async Task AnyOtherExceptionOutsideThePages_ShouldBe500ProblemJson_WithoutItsText()
    {
        var context = Context();
        Assert.True(await Handler().TryHandleAsync(context, new InvalidOperationException("secret connection string"), default));
        Assert.Equal(500, context.Response.StatusCode);
        Assert.DoesNotContain("secret", Problem(context).GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnExceptionOnAPage_ShouldBeLeftToTheErrorPage()
    {
        var page = new Endpoint(_ => Task.CompletedTask, new EndpointMetadataCollection(new ComponentTypeMetadata(typeof(MiiTelDashboard.Shell.App))), "page");
        Assert.False(await Handler().TryHandleAsync(Context(page), new InvalidOperationException("boom"), default));
    }
}

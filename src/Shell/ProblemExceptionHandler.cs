using Microsoft.AspNetCore.Components.Endpoints;
using Microsoft.AspNetCore.Diagnostics;

namespace MiiTelDashboard.Shell;

/// <summary>
/// Everything that is not a page (the webhook, the read API, the CSV export) answers an unhandled
/// exception with problem+json, never the HTML error page: MiiTel and API clients read the status
/// and the JSON, and a request the client got wrong (a broken body) is a 4xx, not a 500.
/// The exception itself is logged by the exception handler middleware and never sent.
/// </summary>
internal sealed class ProblemExceptionHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<ComponentTypeMetadata>() is not null) return false;

        var (status, title, detail) = exception is BadHttpRequestException bad
            ? (bad.StatusCode, "Bad request", "The request could not be read.")
            : (StatusCodes.Status500InternalServerError, "Server error", "The request failed on the server; the error is logged.");
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }
}

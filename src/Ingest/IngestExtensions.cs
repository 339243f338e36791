using Microsoft.Extensions.Options;

namespace MiiTelDashboard.Ingest;

public static class IngestExtensions
{
    public static IHostApplicationBuilder AddIngest(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<WebhookOptions>().BindConfiguration(WebhookOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddOptions<IngestOptions>().BindConfiguration(IngestOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<WebhookAuthenticator>();
        builder.Services.AddSingleton<WebhookRefusals>();
        builder.Services.AddSingleton<IngestWriter>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<IngestWriter>());
        return builder;
    }

    /// <summary>Resolves the authenticator at start-up, so a generated token exists, and its file is named in the log, before the first call.</summary>
    public static WebApplication AnnounceWebhook(this WebApplication app)
    {
        app.Services.GetRequiredService<WebhookAuthenticator>();
        return app;
    }

    public static IEndpointRouteBuilder MapIngest(this IEndpointRouteBuilder app)
    {
        var path = app.ServiceProvider.GetRequiredService<IOptions<WebhookOptions>>().Value.Path;
        app.MapPost(path, WebhookEndpoint.ReceiveAsync)
            .WithName("MiiTelWebhook")
            .DisableAntiforgery()
            .AllowAnonymous();
        return app;
    }
}

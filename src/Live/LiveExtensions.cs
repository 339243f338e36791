using MiiTelDashboard.Calls;

namespace MiiTelDashboard.Live;

public static class LiveExtensions
{
    public static IHostApplicationBuilder AddLive(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<InProcessCallFeed>();
        builder.Services.AddSingleton<ICallFeed>(sp => sp.GetRequiredService<InProcessCallFeed>());
        builder.Services.AddSignalR();
        builder.Services.AddHostedService<CallsHubRelay>();
        return builder;
    }

    public static IEndpointRouteBuilder MapLive(this IEndpointRouteBuilder app)
    {
        app.MapHub<CallsHub>(CallsHub.Path);
        return app;
    }
}

using MiiTelDashboard.Calls;

namespace MiiTelDashboard.Live;

public static class LiveExtensions
{
    public static IHostApplicationBuilder AddLive(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<InProcessCallFeed>();
        builder.Services.AddSingleton<ICallFeed>(sp => sp.GetRequiredService<InProcessCallFeed>());
        // What the hub relays: every change, in one instance. With a SignalR backplane (ScaleOut) the relay
        // takes only this instance's own changes instead, as the backplane already carries them to the others.
        builder.Services.AddKeyedSingleton(CallsHubRelay.FeedKey, (sp, _) => sp.GetRequiredService<ICallFeed>());
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

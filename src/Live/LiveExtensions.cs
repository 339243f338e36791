namespace MiiTelDashboard.Live;

public static class LiveExtensions
{
    public static IHostApplicationBuilder AddLive(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<InProcessCallFeed>();
        builder.Services.AddSingleton<ICallFeed>(sp => sp.GetRequiredService<InProcessCallFeed>());
        return builder;
    }

    public static IEndpointRouteBuilder MapLive(this IEndpointRouteBuilder app) => app;
}

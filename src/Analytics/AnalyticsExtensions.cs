
namespace MiiTelDashboard.Analytics;

public static class AnalyticsExtensions
{
    public static IHostApplicationBuilder AddAnalytics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<FilterOptionsQuery>();
        builder.Services.AddSingleton<OverviewQuery>();
        return builder;
    }
}

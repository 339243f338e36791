
namespace MiiTelDashboard.Analytics;

public static class AnalyticsExtensions
{
    public static IHostApplicationBuilder AddAnalytics(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<OverviewQuery>();
        builder.Services.AddSingleton<RankingQuery>();
        return builder;
    }
}

namespace MiiTelDashboard.Retention;

public static class RetentionExtensions
{
    /// <summary>Call deletion (for Admins, one call at a time) and the daily purge of <c>Retention:Days</c>.</summary>
    public static IHostApplicationBuilder AddRetention(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<RetentionOptions>().BindConfiguration(RetentionOptions.Section).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<CallDeletion>();
        builder.Services.AddSingleton<RetentionPurge>();
        builder.Services.AddHostedService<RetentionService>();
        return builder;
    }
}

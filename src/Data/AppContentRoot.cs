namespace MiiTelDashboard.Data;

/// <summary>
/// Where the app finds <c>wwwroot</c> and keeps a relative <c>data/</c>. ASP.NET Core takes the current
/// folder, so a published app started from elsewhere (<c>dotnet /opt/miitel-dashboard/MiiTelDashboard.dll</c>)
/// served no styles or scripts and opened a new, empty <c>data/</c> where it was started. With no content
/// root given and no <c>wwwroot</c> in the current folder, it is the folder of the app itself, which the
/// README's Deploy section promises ("data/ beside the dll"). <c>dotnet run</c> starts in the project folder,
/// which has one, and a configured root (<c>--contentRoot</c>, <c>ASPNETCORE_CONTENTROOT</c>) wins.
/// </summary>
public static class AppContentRoot
{
    public static WebApplicationOptions Options(string[] args) => new()
    {
        Args = args,
        ContentRootPath = Given(args) || Directory.Exists(Path.Combine(Environment.CurrentDirectory, "wwwroot"))
            || !Directory.Exists(Path.Combine(AppContext.BaseDirectory, "wwwroot"))
            ? null
            : AppContext.BaseDirectory,
    };

    private static bool Given(string[] args) =>
        args.Any(a => a.StartsWith("--contentRoot", StringComparison.OrdinalIgnoreCase))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
        || !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("DOTNET_CONTENTROOT"));
}

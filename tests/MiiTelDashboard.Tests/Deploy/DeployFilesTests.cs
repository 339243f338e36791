using MiiTelDashboard.Shell;

namespace MiiTelDashboard.Tests.Deploy;

/// <summary>The container builds what the deployment test proves: the same publish command, the same health check.</summary>
public sealed class DeployFilesTests
{
    private static string Read(string path) => File.ReadAllText(Path.Combine(PublishedApp.RepositoryRoot(), path));

    [Fact]
    public void Dockerfile_PublishesAsTheTestDoes_RunsAsNonRoot_AndChecksHealthWithTheAppItself()
    {
        var dockerfile = Read("Dockerfile");

        Assert.Contains($"RUN dotnet publish {string.Join(' ', PublishedApp.PublishArguments("/app"))}", dockerfile, StringComparison.Ordinal);
        Assert.Contains("FROM mcr.microsoft.com/dotnet/aspnet:10.0", dockerfile, StringComparison.Ordinal);
        Assert.Contains("RUN npm ci", dockerfile, StringComparison.Ordinal);
        Assert.Contains("\nUSER app\n", dockerfile, StringComparison.Ordinal);
        Assert.Contains("\nVOLUME /app/data\n", dockerfile, StringComparison.Ordinal);
        Assert.Contains($"CMD [\"dotnet\", \"MiiTelDashboard.dll\", \"{HealthcheckCommand.Flag}\"]", dockerfile, StringComparison.Ordinal);
    }

    [Fact]
    public void Nginx_SticksEachBrowserToOneInstance_AndPassesWebSockets()
    {
        var nginx = Read("deploy/nginx/miitel.conf");

        Assert.Contains("hash $miitel_route consistent;", nginx, StringComparison.Ordinal);
        Assert.Contains("proxy_set_header Upgrade $http_upgrade;", nginx, StringComparison.Ordinal);
        Assert.Contains("proxy_set_header Connection $connection_upgrade;", nginx, StringComparison.Ordinal);
        Assert.Contains("X-Forwarded-Proto $scheme", nginx, StringComparison.Ordinal);
        var compose = Read("compose.yaml");
        Assert.Contains("./deploy/nginx/miitel.conf:/etc/nginx/conf.d/default.conf", compose, StringComparison.Ordinal);
        foreach (var upstream in new[] { "app1", "app2" })
        {
            Assert.Contains($"server {upstream}:8080", nginx, StringComparison.Ordinal);
            Assert.Contains($"\n  {upstream}:\n", compose, StringComparison.Ordinal);
        }
    }
}

using System.Runtime.Versioning;
using Microsoft.Extensions.Configuration;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Tests.Data;

/// <summary>The database folder holds every call and the generated secrets: only the app's user may open it.</summary>
[SupportedOSPlatform("linux")]
public sealed class DataFolderTests : IDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "miitel-tests", "folder-" + Guid.NewGuid().ToString("N"));

    private string Resolve(string dataSource) => DataExtensions.ResolveConnectionString(
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Calls"] = $"Data Source={dataSource}" }).Build(),
        _root);

    [Fact]
    public void AMissingDatabaseFolder_ShouldBeCreatedOwnerOnly_ParentsIncluded()
    {
        Resolve("data/nested/miitel.db");

        Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.Combine(_root, "data")));
        Assert.Equal(OwnerOnly, File.GetUnixFileMode(Path.Combine(_root, "data", "nested")));
    }

    [Fact]
    public void AnExistingFolder_ShouldBeLeftAsItsOwnerSetIt()
    {
        var existing = Path.Combine(_root, "shared");
        Directory.CreateDirectory(existing, OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupExecute);

        Resolve("shared/miitel.db");

        Assert.Equal(OwnerOnly | UnixFileMode.GroupRead | UnixFileMode.GroupExecute, File.GetUnixFileMode(existing));
    }

    public void Dispose()
    {
        try { Directory.Delete(_root, recursive: true); } catch (IOException) { }
    }
}

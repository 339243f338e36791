namespace MiiTelDashboard.Tests.Licensing;

/// <summary>
/// What the app ships carries an open-source licence, and THIRD-PARTY-NOTICES.md names all of it.
/// Reads the installed node_modules and the web project's restore output, both of which the build
/// of this test project produces.
/// </summary>
public sealed class ShippedLicenceTests
{
    private static readonly string Root = FindRoot();

    private static IEnumerable<ShippedPackage> Shipped() =>
        LicenceChecker.NpmProduction(Root).Concat(LicenceChecker.NuGetRuntime(Path.Combine(Root, "obj", "project.assets.json")));

    [Fact]
    public void EveryShippedDependency_HasAnAllowedLicence()
    {
        var shipped = Shipped().ToList();

        Assert.Contains(shipped, p => p.Name == "apexcharts");
        Assert.Contains(shipped, p => p.Name == "MudBlazor");
        var problems = shipped.Select(p => LicenceChecker.Problem(p)).OfType<string>().ToList();
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void ThirdPartyNotices_ListsEveryShippedDependency_WithItsVersionAndLicence()
    {
        var path = Path.Combine(Root, "THIRD-PARTY-NOTICES.md");
        var notices = File.Exists(path) ? File.ReadAllLines(path).Select(l => l.Trim()).ToHashSet() : [];

        var missing = Shipped().Where(p => !notices.Contains(p.NoticeRow)).Select(p => p.NoticeRow).ToList();

        Assert.True(missing.Count == 0, "THIRD-PARTY-NOTICES.md lacks (or has another version or licence of) these rows:\n" + string.Join("\n", missing));
    }

    private static string FindRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "MiiTelDashboard.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("MiiTelDashboard.sln not found above the test output");
    }
}

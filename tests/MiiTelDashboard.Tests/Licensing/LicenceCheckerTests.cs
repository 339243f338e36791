namespace MiiTelDashboard.Tests.Licensing;

/// <summary>The checker on packages made up in a temp folder: it must be able to say no.</summary>
public sealed class LicenceCheckerTests : IDisposable
{
    // The first lines of apexcharts 5.0.0's LICENSE, the case this check exists for.
    private const string DualLicence = """
        ## License Options for ApexCharts

        ApexCharts is offered under a **dual-license model** to support individuals, startups, and commercial products of all sizes.

        For individuals, non-profits, educators, and small businesses with **less than $2 million USD in annual revenue**.
        """;

    private const string MitText = """
        The MIT License (MIT)

        Copyright (c) 2018 ApexCharts

        Permission is hereby granted, free of charge, to any person obtaining a copy of this software.
        """;

    private readonly string _root = Directory.CreateTempSubdirectory("licence-check-").FullName;

    [Theory]
    [InlineData("MIT", true)]
    [InlineData("(MIT OR GPL-3.0-only)", true)]
    [InlineData("Apache-2.0 AND MIT", true)]
    [InlineData("MIT AND GPL-3.0-only", false)]
    [InlineData("SEE LICENSE IN LICENSE", false)]
    [InlineData("UNLICENSED", false)]
    [InlineData("GPL-3.0-or-later", false)]
    [InlineData("", false)]
    public void Expressions_AreAllowedOnlyWhenAllowedLicencesCanMeetThem(string expression, bool allowed)
    {
        Assert.Equal(allowed, LicenceChecker.IsAllowed(expression, LicenceChecker.Allowed));
    }

    [Fact]
    public void APackageThatPointsAtADualLicenceFile_IsRejected()
    {
        WritePackage("charts", "5.0.0", "SEE LICENSE IN LICENSE", DualLicence);

        var package = Assert.Single(LicenceChecker.NpmProduction(_root));

        Assert.Equal("SEE LICENSE IN LICENSE", package.Licence);
        Assert.Contains("not on the allowed list", LicenceChecker.Problem(package));
    }

    [Fact]
    public void APackageThatSaysMit_ButShipsADualLicenceText_IsRejected()
    {
        WritePackage("charts", "5.0.0", "MIT", DualLicence);

        var package = Assert.Single(LicenceChecker.NpmProduction(_root));

        Assert.Contains("commercial terms", LicenceChecker.Problem(package));
    }

    [Fact]
    public void AnMitPackage_IsAccepted_WithItsCopyrightLine()
    {
        WritePackage("charts", "4.7.0", "MIT", MitText);

        var package = Assert.Single(LicenceChecker.NpmProduction(_root));

        Assert.Null(LicenceChecker.Problem(package));
        Assert.Equal("| charts | 4.7.0 | MIT | Copyright (c) 2018 ApexCharts |", package.NoticeRow);
    }

    [Fact]
    public void WithoutMitOnTheAllowedList_AnMitPackageIsRejected()
    {
        WritePackage("charts", "4.7.0", "MIT", MitText);
        var allowed = LicenceChecker.Allowed.Where(l => l != "MIT").ToHashSet(StringComparer.OrdinalIgnoreCase);

        Assert.NotNull(LicenceChecker.Problem(Assert.Single(LicenceChecker.NpmProduction(_root)), allowed));
    }

    [Fact]
    public void DevDependencies_AreNotShipped_ButWhatAProductionPackageNeedsIs()
    {
        WritePackage("charts", "4.7.0", "MIT", MitText, dependsOn: "spline", devDependency: "test-runner");
        WriteInstalled("spline", "1.0.3", "MIT", MitText);
        WriteInstalled("test-runner", "1.0.0", "SEE LICENSE IN LICENSE", DualLicence);

        var names = LicenceChecker.NpmProduction(_root).Select(p => p.Name);

        Assert.Equal(["charts", "spline"], names.Order());
    }

    private void WritePackage(string name, string version, string licence, string licenceText, string? dependsOn = null, string? devDependency = null)
    {
        var deps = $"\"{name}\": \"{version}\"";
        var lockEntries = $"\"node_modules/{name}\": {{ \"version\": \"{version}\"{(dependsOn is null ? "" : $", \"dependencies\": {{ \"{dependsOn}\": \"*\" }}")} }}";
        if (dependsOn is not null) lockEntries += $", \"node_modules/{dependsOn}\": {{ \"version\": \"1.0.3\" }}";
        if (devDependency is not null) lockEntries += $", \"node_modules/{devDependency}\": {{ \"version\": \"1.0.0\", \"dev\": true }}";
        var devDeps = devDependency is null ? "" : $", \"devDependencies\": {{ \"{devDependency}\": \"1.0.0\" }}";
        File.WriteAllText(Path.Combine(_root, "package-lock.json"),
            $"{{ \"lockfileVersion\": 3, \"packages\": {{ \"\": {{ \"dependencies\": {{ {deps} }}{devDeps} }}, {lockEntries} }} }}");
        WriteInstalled(name, version, licence, licenceText);
    }

    private void WriteInstalled(string name, string version, string licence, string licenceText)
    {
        var dir = Directory.CreateDirectory(Path.Combine(_root, "node_modules", name)).FullName;
        File.WriteAllText(Path.Combine(dir, "package.json"), $"{{ \"name\": \"{name}\", \"version\": \"{version}\", \"license\": \"{licence}\" }}");
        File.WriteAllText(Path.Combine(dir, "LICENSE"), licenceText);
    }

    public void Dispose() => Directory.Delete(_root, recursive: true);
}

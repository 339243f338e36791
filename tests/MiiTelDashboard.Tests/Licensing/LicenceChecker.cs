using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace MiiTelDashboard.Tests.Licensing;

/// <summary>One dependency that ships with the app, and the licence its own metadata declares.</summary>
public sealed record ShippedPackage(string Ecosystem, string Name, string Version, string Licence, string? Copyright, string? LicenceText)
{
    /// <summary>The row THIRD-PARTY-NOTICES.md carries for this package.</summary>
    public string NoticeRow => $"| {Name} | {Version} | {Licence} | {Copyright ?? "—"} |";
}

/// <summary>
/// Finds what the app ships (npm production packages from package-lock.json, NuGet packages from the
/// web project's obj/project.assets.json) and judges each licence. apexcharts 5+ shows why the
/// declared licence is not enough: its package.json says "SEE LICENSE IN LICENSE" and the LICENSE
/// text is a revenue-based dual licence, so the text is read as well.
/// </summary>
public static partial class LicenceChecker
{
    /// <summary>OSI licences whose terms this product can meet by shipping a notice (SPDX ids).</summary>
    public static readonly IReadOnlySet<string> Allowed = new HashSet<string>(StringComparer.OrdinalIgnoreCase)
    {
        "MIT", "MIT-0", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "ISC", "MS-PL", "0BSD", "Unlicense", "Zlib", "PostgreSQL",
    };

    // Old nuspecs name a URL instead of an expression; only URLs whose text is known are mapped.
    private static readonly Dictionary<string, string> KnownLicenceUrls = new(StringComparer.OrdinalIgnoreCase)
    {
        ["https://github.com/dotnet/corefx/blob/master/LICENSE.TXT"] = "MIT",
        ["https://github.com/dotnet/runtime/blob/main/LICENSE.TXT"] = "MIT",
        ["https://github.com/dotnet/aspnetcore/blob/main/LICENSE.txt"] = "MIT",
        ["https://raw.githubusercontent.com/aspnet/AspNetCore/2.0.0/LICENSE.txt"] = "Apache-2.0",
        ["https://raw.githubusercontent.com/aspnet/Home/2.0.0/LICENSE.txt"] = "Apache-2.0",
        // The .NET Library licence of old Microsoft packages: not an open-source licence.
        ["http://go.microsoft.com/fwlink/?LinkId=329770"] = "LicenseRef-MS-NET-Library",
        ["https://go.microsoft.com/fwlink/?LinkId=329770"] = "LicenseRef-MS-NET-Library",
    };

    /// <summary>Why <paramref name="package"/> may not ship, or null when it may.</summary>
    public static string? Problem(ShippedPackage package, IReadOnlySet<string>? allowed = null)
    {
        allowed ??= Allowed;
        if (!IsAllowed(package.Licence, allowed))
            return $"{package.Ecosystem} {package.Name}@{package.Version}: licence '{package.Licence}' is not on the allowed list";
        if (package.LicenceText is { } text && CommercialTerms(text) is { } phrase)
            return $"{package.Ecosystem} {package.Name}@{package.Version}: its LICENSE text has commercial terms (\"{phrase}\")";
        return null;
    }

    /// <summary>Whether an SPDX expression can be met with allowed licences only (OR: one side; AND: both).</summary>
    public static bool IsAllowed(string expression, IReadOnlySet<string> allowed)
    {
        var tokens = SpdxToken().Matches(expression).Select(m => m.Value).ToList();
        var at = 0;
        var result = Or();
        return result && at == tokens.Count;

        bool Or()
        {
            var ok = And();
            while (at < tokens.Count && tokens[at].Equals("OR", StringComparison.OrdinalIgnoreCase)) { at++; ok = And() | ok; }
            return ok;
        }
        bool And()
        {
            var ok = Term();
            while (at < tokens.Count && tokens[at].Equals("AND", StringComparison.OrdinalIgnoreCase)) { at++; ok = Term() & ok; }
            return ok;
        }
        bool Term()
        {
            if (at >= tokens.Count) return false;
            var token = tokens[at++];
            if (token != "(") return allowed.Contains(token);
            var ok = Or();
            if (at < tokens.Count && tokens[at] == ")") at++;
            else ok = false;
            return ok;
        }
    }

    /// <summary>The phrase that marks a licence text as commercial or revenue-restricted, or null.</summary>
    public static string? CommercialTerms(string text) =>
        CommercialPhrase().Match(text) is { Success: true } m ? m.Value : null;

    /// <summary>npm packages the app ships: production dependencies of the root package, transitively.</summary>
    public static IReadOnlyList<ShippedPackage> NpmProduction(string root)
    {
        using var lockFile = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "package-lock.json")));
        var packages = lockFile.RootElement.GetProperty("packages");
        var found = new SortedDictionary<string, ShippedPackage>(StringComparer.Ordinal);
        var pending = new Stack<(string From, string Name)>();
        foreach (var name in DependencyNames(packages.GetProperty(""))) pending.Push(("", name));

        while (pending.TryPop(out var next))
        {
            var key = Resolve(packages, next.From, next.Name)
                ?? throw new InvalidOperationException($"package-lock.json does not resolve {next.Name} (needed by '{next.From}')");
            if (found.ContainsKey(key)) continue;
            var entry = packages.GetProperty(key);
            if (entry.TryGetProperty("dev", out var dev) && dev.GetBoolean()) continue;
            var dir = Path.Combine(root, key);
            var manifest = Path.Combine(dir, "package.json");
            if (!File.Exists(manifest)) throw new InvalidOperationException($"{key} is not installed: run npm ci");
            using var json = JsonDocument.Parse(File.ReadAllText(manifest));
            var text = LicenceFileText(dir);
            found[key] = new ShippedPackage("npm", json.RootElement.GetProperty("name").GetString()!, json.RootElement.GetProperty("version").GetString()!,
                NpmLicence(json.RootElement), text is null ? null : CopyrightLine(text), text);
            foreach (var name in DependencyNames(entry)) pending.Push((key, name));
        }
        return found.Values.ToList();
    }

    /// <summary>
    /// NuGet packages the web project ships, from its restore graph. A direct reference whose assets
    /// stop at build time (PrivateAssets=all without runtime assets, e.g. an analyzer) is left out
    /// with what only it brings; one that still includes runtime assets is copied to the output and counts.
    /// </summary>
    public static IReadOnlyList<ShippedPackage> NuGetRuntime(string assetsFile)
    {
        using var assets = JsonDocument.Parse(File.ReadAllText(assetsFile));
        var rootEl = assets.RootElement;
        var packagesFolder = rootEl.GetProperty("packageFolders").EnumerateObject().First().Name;
        var framework = rootEl.GetProperty("project").GetProperty("frameworks").EnumerateObject().Single();
        var target = rootEl.GetProperty("targets").EnumerateObject().Single(t => t.Name == framework.Name || t.Name.StartsWith(framework.Name + "/", StringComparison.Ordinal)).Value;
        var byName = target.EnumerateObject().Where(p => p.Value.GetProperty("type").GetString() == "package")
            .ToDictionary(p => p.Name.Split('/')[0], p => (Version: p.Name.Split('/')[1], Entry: p.Value), StringComparer.OrdinalIgnoreCase);

        var shipped = new SortedSet<string>(StringComparer.OrdinalIgnoreCase);
        var pending = new Stack<string>();
        foreach (var direct in framework.Value.GetProperty("dependencies").EnumerateObject())
        {
            var include = direct.Value.TryGetProperty("include", out var inc) ? inc.GetString()! : "All";
            var buildOnly = !include.Contains("All") && !include.Contains("Runtime") && !include.Contains("Native") && !include.Contains("ContentFiles");
            if (!buildOnly && byName.ContainsKey(direct.Name)) pending.Push(direct.Name);
        }
        while (pending.TryPop(out var name))
        {
            if (!shipped.Add(name)) continue;
            if (byName[name].Entry.TryGetProperty("dependencies", out var deps))
                foreach (var dep in deps.EnumerateObject()) pending.Push(dep.Name);
        }

        return shipped.Select(name =>
        {
            var version = byName[name].Version;
            var dir = Path.Combine(packagesFolder, name.ToLowerInvariant(), version.ToLowerInvariant());
            var nuspec = XDocument.Load(Directory.GetFiles(dir, "*.nuspec").Single());
            var metadata = nuspec.Root!.Elements().Single(e => e.Name.LocalName == "metadata");
            string? Meta(string element) => metadata.Elements().FirstOrDefault(e => e.Name.LocalName == element)?.Value.Trim();
            var licenceEl = metadata.Elements().FirstOrDefault(e => e.Name.LocalName == "license");
            var licence = licenceEl?.Attribute("type")?.Value == "expression"
                ? licenceEl.Value.Trim()
                : Meta("licenseUrl") is { } url && KnownLicenceUrls.TryGetValue(url, out var mapped) ? mapped
                : $"unknown ({licenceEl?.Value ?? Meta("licenseUrl") ?? "no licence metadata"})";
            return new ShippedPackage("NuGet", Meta("id") ?? name, version, licence, Meta("copyright"), LicenceFileText(dir));
        }).ToList();
    }

    private static IEnumerable<string> DependencyNames(JsonElement entry) =>
        new[] { "dependencies", "optionalDependencies", "peerDependencies" }
            .Where(p => entry.TryGetProperty(p, out _))
            .SelectMany(p => entry.GetProperty(p).EnumerateObject().Select(d => d.Name));

    // Node's lookup: the nearest node_modules folder up from the package that needs it.
    private static string? Resolve(JsonElement packages, string from, string name)
    {
        for (var dir = from; ; dir = dir.LastIndexOf("/node_modules/", StringComparison.Ordinal) is var i and >= 0 ? dir[..i] : "")
        {
            var key = (dir.Length == 0 ? "" : dir + "/") + "node_modules/" + name;
            if (packages.TryGetProperty(key, out _)) return key;
            if (dir.Length == 0) return null;
        }
    }

    private static string NpmLicence(JsonElement manifest)
    {
        if (manifest.TryGetProperty("license", out var licence))
            return licence.ValueKind == JsonValueKind.String ? licence.GetString()! : licence.GetProperty("type").GetString()!;
        // The deprecated form: a list of {type}, any of which may be chosen.
        if (manifest.TryGetProperty("licenses", out var list) && list.ValueKind == JsonValueKind.Array)
            return string.Join(" OR ", list.EnumerateArray().Select(l => l.GetProperty("type").GetString()));
        return "none declared";
    }

    private static string? LicenceFileText(string dir)
    {
        var file = Directory.Exists(dir)
            ? Directory.GetFiles(dir).FirstOrDefault(f => LicenceFileName().IsMatch(Path.GetFileName(f)))
            : null;
        return file is null ? null : File.ReadAllText(file);
    }

    private static string? CopyrightLine(string text) =>
        text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.StartsWith("Copyright", StringComparison.OrdinalIgnoreCase) && l.Length > "Copyright".Length + 4)
            ?.Replace("|", "\\|");

    [GeneratedRegex(@"\(|\)|[^\s()]+")]
    private static partial Regex SpdxToken();

    [GeneratedRegex(@"^(LICEN[CS]E|COPYING)(\.(md|txt|markdown))?$", RegexOptions.IgnoreCase)]
    private static partial Regex LicenceFileName();

    [GeneratedRegex(@"dual[- ]licen[cs]|commercial licen[cs]e|paid licen[cs]e|OEM licen[cs]e|annual revenue|revenue (of|over|above|exceeding)", RegexOptions.IgnoreCase)]
    private static partial Regex CommercialPhrase();
}

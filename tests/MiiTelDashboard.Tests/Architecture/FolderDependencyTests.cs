using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;

namespace MiiTelDashboard.Tests.Architecture;

/// <summary>
/// The folders under src/ depend on each other in one direction only: shared UI (Components) on
/// no capability, the capabilities on Calls' query root, the shell on top. A loop means a change in
/// one place ripples back into itself; this test names the loop before it settles in.
/// </summary>
public sealed partial class FolderDependencyTests
{
    [GeneratedRegex(@"MiiTelDashboard\.(\w+)")]
    private static partial Regex NamespaceReference();

    private static string SourceRoot([CallerFilePath] string thisFile = "") =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, "../../../src"));

    private static Dictionary<string, HashSet<string>> Graph()
    {
        var root = SourceRoot();
        var folders = Directory.GetDirectories(root).Select(Path.GetFileName).OfType<string>().ToHashSet();
        var graph = folders.ToDictionary(f => f, _ => new HashSet<string>());
        foreach (var file in Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories).Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal)))
        {
            var folder = Path.GetRelativePath(root, file).Split(Path.DirectorySeparatorChar)[0];
            if (!graph.TryGetValue(folder, out var uses)) continue;
            foreach (Match m in NamespaceReference().Matches(File.ReadAllText(file)))
                if (m.Groups[1].Value != folder && folders.Contains(m.Groups[1].Value)) uses.Add(m.Groups[1].Value);
        }
        return graph;
    }

    [Fact]
    public void SharedUi_DependsOnNoCapability()
    {
        var graph = Graph();

        Assert.True(graph.Count > 5, "src/ was not found next to the tests");
        Assert.Empty(graph["Components"].Except(["Data"]));
    }

    [Fact]
    public void NoFolderDependsOnItselfThroughOthers()
    {
        var graph = Graph();
        foreach (var start in graph.Keys)
        {
            var seen = new HashSet<string>();
            Assert.Null(LoopBack(start, [start]));

            // A path from the last folder of `path` back to `start`, as text, or null.
            string? LoopBack(string at, List<string> path)
            {
                foreach (var next in graph[at])
                {
                    if (next == start) return string.Join(" → ", path.Append(start));
                    if (!seen.Add(next)) continue;
                    if (LoopBack(next, [.. path, next]) is { } loop) return loop;
                }
                return null;
            }
        }
    }
}

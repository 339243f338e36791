using System.Runtime.CompilerServices;

namespace MiiTelDashboard.Replay;

/// <summary>One saved webhook body and where it came from ("calls.jsonl:17"), for the summary's messages.</summary>
public sealed record ReplayBody(string Origin, string Json);

/// <summary>
/// Saved MiiTel bodies, in a stable order: a <c>.json</c> file is one body; a <c>.jsonl</c> file is one body
/// per non-blank line (how a delivery log or an export is kept); a folder is every such file under it,
/// by path, so a replay of the same folder always sends the same sequence.
/// </summary>
public static class ReplaySource
{
    public static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);

    /// <summary>How many bodies <see cref="ReadAsync"/> will yield; counted first so the progress bar has an end.</summary>
    public static async Task<int> CountAsync(string path, CancellationToken ct)
    {
        var count = 0;
        await foreach (var _ in ReadAsync(path, ct)) count++;
        return count;
    }

    public static async IAsyncEnumerable<ReplayBody> ReadAsync(string path, [EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var file in Files(path))
        {
            var name = Directory.Exists(path) ? Path.GetRelativePath(path, file) : Path.GetFileName(file);
            if (file.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
            {
                var line = 0;
                using var reader = new StreamReader(file);
                while (await reader.ReadLineAsync(ct) is { } text)
                {
                    line++;
                    if (!string.IsNullOrWhiteSpace(text)) yield return new ReplayBody($"{name}:{line}", text);
                }
            }
            else
            {
                yield return new ReplayBody(name, await File.ReadAllTextAsync(file, ct));
            }
        }
    }

    private static IEnumerable<string> Files(string path) =>
        Directory.Exists(path)
            ? Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
            : [path];
}

using System.Runtime.CompilerServices;
using System.Text;

namespace MiiTelDashboard.Replay;

/// <summary>One saved webhook body, where it came from ("calls.jsonl:17", for the summary's messages) and the bytes of the source it took.</summary>
public sealed record ReplayBody(string Origin, string Json, long Bytes);

/// <summary>
/// Saved MiiTel bodies, in a stable order: a <c>.json</c> file is one body; a <c>.jsonl</c> file is one body
/// per non-blank line (how a delivery log or an export is kept); a folder is every such file under it,
/// by path, so a replay of the same folder always sends the same sequence.
/// </summary>
public static class ReplaySource
{
    public static bool Exists(string path) => File.Exists(path) || Directory.Exists(path);

    /// <summary>The bytes <see cref="ReadAsync"/> will go through: the progress bar's end, known without reading the history twice.</summary>
    public static long Size(string path) => Files(path).Sum(f => new FileInfo(f).Length);

    public static async IAsyncEnumerable<ReplayBody> ReadAsync(string path, [EnumeratorCancellation] CancellationToken ct)
    {
        foreach (var file in Files(path))
        {
            var name = Directory.Exists(path) ? Path.GetRelativePath(path, file) : Path.GetFileName(file);
            if (file.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase))
            {
                var line = 0;
                long skipped = 0;
                using var reader = new StreamReader(file);
                while (await reader.ReadLineAsync(ct) is { } text)
                {
                    line++;
                    // Bytes of the line and its newline; blank lines' bytes go with the next body.
                    var bytes = Encoding.UTF8.GetByteCount(text) + 1 + skipped;
                    if (string.IsNullOrWhiteSpace(text))
                    {
                        skipped = bytes;
                        continue;
                    }
                    skipped = 0;
                    yield return new ReplayBody($"{name}:{line}", text, bytes);
                }
            }
            else
            {
                yield return new ReplayBody(name, await File.ReadAllTextAsync(file, ct), new FileInfo(file).Length);
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

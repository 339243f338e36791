using System.Globalization;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MiiTelDashboard.Tests.Infrastructure;

namespace MiiTelDashboard.Tests.Ingest;

/// <summary>
/// One file of Ingest/Corpus. Its name says what it expects: <c>200-</c> stored with no warning,
/// <c>200w-</c> stored with at least one warning, <c>400-</c>/<c>422-</c> refused with that status.
/// A <c>.recipe.json</c> file describes a body too big to commit, built from the sample here.
/// </summary>
public sealed partial record HostileCase(string Name, int Status, bool Warns)
{
    public static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Ingest", "Corpus");

    public static IEnumerable<string> Names() => Directory.EnumerateFiles(Folder)
        .Select(Path.GetFileName)
        .Where(n => n!.EndsWith(".json", StringComparison.Ordinal) || n.EndsWith(".bin", StringComparison.Ordinal))
        .Order(StringComparer.Ordinal)!;

    public static HostileCase Load(string name)
    {
        var m = Prefix().Match(name);
        if (!m.Success) throw new InvalidOperationException($"{name}: a corpus file name starts with its expected status (200-, 200w-, 400-, 422-).");
        return new HostileCase(name, int.Parse(m.Groups["status"].Value, CultureInfo.InvariantCulture), m.Groups["warns"].Success);
    }

    public bool IsRecipe => Name.EndsWith(".recipe.json", StringComparison.Ordinal);

    /// <summary>The detail id a recipe body gets unless the recipe sets its own.</summary>
    public string RecipeId => "hc-" + Name[(Name.IndexOf('-', StringComparison.Ordinal) + 1)..^".recipe.json".Length];

    public byte[] Body()
    {
        var path = Path.Combine(Folder, Name);
        return IsRecipe ? Build(JsonNode.Parse(File.ReadAllText(path))!.AsObject(), RecipeId) : File.ReadAllBytes(path);
    }

    public async Task<HttpResponseMessage> PostAsync(HttpClient webhook)
    {
        var content = new ByteArrayContent(Body());
        content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");
        return await webhook.PostAsync("/webhooks/miitel", content);
    }

    /// <summary>
    /// Asserts the answer is the one the name expects, and never a 5xx; a refusal is problem+json.
    /// Returns the answer's warnings (none for a refusal or a challenge). A body the app already
    /// holds counts as stored (<c>unchanged</c>).
    /// </summary>
    public async Task<List<string>> AssertAnswerAsync(HttpResponseMessage response)
    {
        var status = (int)response.StatusCode;
        var text = await response.Content.ReadAsStringAsync();
        var said = text.Length > 600 ? text[..600] + "…" : text;
        Assert.True(status < 500, $"{Name}: {status.ToString(CultureInfo.InvariantCulture)} {said}");
        Assert.True(status == Status, $"{Name}: expected {Status.ToString(CultureInfo.InvariantCulture)}, got {status.ToString(CultureInfo.InvariantCulture)} {said}");
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (status >= 400)
        {
            Assert.Equal("application/problem+json", mediaType);
            var problem = JsonDocument.Parse(text).RootElement;
            Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()), Name);
            Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()), Name);
            return [];
        }
        if (mediaType == "text/plain") return []; // a challenge, answered with its token
        Assert.Equal("application/json", mediaType);
        var answer = JsonDocument.Parse(text).RootElement;
        Assert.True(answer.GetProperty("stored").GetInt32() + answer.GetProperty("unchanged").GetInt32() >= 1, $"{Name}: nothing stored: {said}");
        var warnings = answer.GetProperty("warnings").EnumerateArray().Select(w => w.GetString()!).ToList();
        if (Warns) Assert.True(warnings.Count > 0, $"{Name}: expected a warning");
        else Assert.True(warnings.Count == 0, $"{Name}: expected no warning, got: {string.Join(" | ", warnings)}");
        return warnings;
    }

    /// <summary>
    /// <c>nest</c>: that many nested arrays and nothing else. Otherwise the sample call, then each
    /// <c>text</c> path set to <c>unit</c> repeated <c>times</c> (padded with x to <c>padTo</c>), then
    /// each <c>repeat</c> array made of that many copies of its first entry.
    /// </summary>
    private static byte[] Build(JsonObject recipe, string id)
    {
        if (recipe["nest"] is JsonValue nest)
        {
            var depth = nest.GetValue<int>();
            return Encoding.ASCII.GetBytes(new string('[', depth) + new string(']', depth));
        }
        var root = Bodies.Call(id);
        foreach (var (path, spec) in recipe["text"]?.AsObject() ?? [])
        {
            var text = string.Concat(Enumerable.Repeat(spec!["unit"]!.GetValue<string>(), spec["times"]!.GetValue<int>()));
            if (spec["padTo"] is JsonValue padTo) text = text.PadRight(padTo.GetValue<int>(), 'x');
            Set(root, path, JsonValue.Create(text));
        }
        foreach (var (path, times) in recipe["repeat"]?.AsObject() ?? [])
        {
            var array = Get(root, path).AsArray();
            var first = array[0]!;
            array.Clear();
            for (var i = 0; i < times!.GetValue<int>(); i++) array.Add(first.DeepClone());
        }
        return Encoding.UTF8.GetBytes(root.ToJsonString());
    }

    private static JsonNode Get(JsonNode root, string path) =>
        Steps(path).Aggregate(root, (node, step) => step is int i ? node[i]! : node[(string)step]!);

    private static void Set(JsonNode root, string path, JsonNode value)
    {
        var steps = Steps(path);
        var parent = steps[..^1].Aggregate(root, (node, step) => step is int i ? node[i]! : node[(string)step]!);
        if (steps[^1] is int index) parent[index] = value;
        else parent[(string)steps[^1]] = value;
    }

    /// <summary><c>call.details[0].id</c> → "call", "details", 0, "id".</summary>
    private static object[] Steps(string path) => PathStep().Matches(path)
        .Select(m => m.Groups["index"].Success ? (object)int.Parse(m.Groups["index"].Value, CultureInfo.InvariantCulture) : m.Groups["key"].Value)
        .ToArray();

    [GeneratedRegex(@"^(?<status>\d{3})(?<warns>w)?-")]
    private static partial Regex Prefix();

    [GeneratedRegex(@"(?<key>[^.\[\]]+)|\[(?<index>\d+)\]")]
    private static partial Regex PathStep();
}

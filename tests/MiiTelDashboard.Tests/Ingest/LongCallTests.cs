using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.EntityFrameworkCore;
using MiiTelDashboard.Tests.Infrastructure;
using Xunit.Abstractions;

namespace MiiTelDashboard.Tests.Ingest;

public sealed class LongCallTests(ITestOutputHelper output) : WebhookTestBase
{
    /// <summary>
    /// A 3-hour conversation at one utterance every 4 seconds (2,700 utterances of ~70 Japanese
    /// characters, raw and summary phrases, and the transcript) — a deliberately dense case.
    /// </summary>
    internal static JsonObject ThreeHourCall(string id)
    {
        const int seconds = 3 * 60 * 60, every = 4;
        const string line = "お世話になっております。先日お送りした見積書の件ですが、価格と納期についてご相談させていただけますでしょうか。";
        return Bodies.Call(id, d =>
        {
            d["dial_answered_at"] = "2026-11-20T00:00:00Z";
            d["dial_ends_at"] = "2026-11-20T03:00:00Z";
            var participants = d["participants"]!.AsArray().Select(p => p!["id"]!.GetValue<string>()).ToArray();
            var phrases = new JsonArray();
            var transcript = new StringBuilder();
            for (var side = 0; side < 2; side++)
            {
                var raw = new JsonArray();
                var summary = new JsonArray();
                for (var t = side * every; t < seconds; t += 2 * every)
                {
                    var phrase = new JsonObject
                    {
                        ["order"] = t / every, ["phrase"] = line, ["phrase_nofiller"] = line,
                        ["start_at"] = t, ["end_at"] = t + every - 0.5, ["filler_num"] = 0,
                    };
                    raw.Add(phrase);
                    if (t % 3 == 0) summary.Add(phrase.DeepClone());
                    transcript.Append(CultureInfo.InvariantCulture, $"{t / 60}:{t % 60:D2} ({(side == 0 ? "ユーザー" : "取引先")}) {line}\n");
                }
                phrases.Add(new JsonObject { ["participant_id"] = participants[side], ["raw"] = raw, ["summary"] = summary });
            }
            d["phrases"] = phrases;
            d["speech_recognition"] = new JsonObject { ["raw"] = transcript.ToString(), ["summary"] = "" };
        });
    }

    [Fact]
    public async Task AThreeHourCall_ShouldFitTheDefaultBodyLimit_AndBeStoredWhole()
    {
        var body = ThreeHourCall("three-hours").Text();
        var bytes = Encoding.UTF8.GetByteCount(body);
        output.WriteLine($"3-hour call body: {bytes:N0} bytes");

        var response = await PostAsync(body);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(bytes < 16 * 1024 * 1024 / 2, $"the default limit (16 MiB) leaves at least 2× headroom over {bytes:N0} bytes");
        var raw = await QueryAsync(db => db.Utterances.CountAsync(u => u.DetailId == "three-hours" && u.Kind == MiiTelDashboard.Data.UtteranceKind.Raw));
        Assert.Equal(3 * 60 * 60 / 4, raw);
        Assert.Equal(3 * 60 * 60, (await LoadDetailAsync("three-hours"))!.DurationSeconds);
    }
}

using System.Globalization;
using System.Text;
using MiiTelDashboard.Components.Catalog;
using MiiTelDashboard.Components.Localization;

namespace MiiTelDashboard.Calls;

/// <summary>
/// The calls CSV: RFC 4180 quoting, UTF-8 with a byte-order mark (without it Excel reads
/// Japanese as mojibake), times in the viewer's time zone, and text cells that could be read as
/// a formula (=, +, -, @) prefixed with an apostrophe, since names and tags come from outside.
/// </summary>
public static class CallCsv
{
    public static readonly Encoding Encoding = new UTF8Encoding(encoderShouldEmitUTF8Identifier: true);

    public static readonly string[] Header =
    [
        "started_at", "detail_id", "call_id", "call_type", "outcome", "circuit_number", "circuit_name",
        "user", "user_login_id", "counterpart_name", "counterpart_company", "counterpart_number",
        "duration_seconds", "score", "talk_ratio", "overlaps", "silences", "tags",
    ];

    /// <summary>The header row in the reader's language (the resources' <c>Csv.{column}</c>; English keeps the column ids above).</summary>
    public static IEnumerable<string> Headings() => Header.Select(h => Words.Get("Csv." + h));

    public static async Task WriteAsync(Stream output, IAsyncEnumerable<CallSummary> rows, TimeZoneInfo zone, CancellationToken ct)
    {
        // A Japanese reader gets the words the pages show (発信, 応答); English keeps MiiTel's codes, as its header keeps the column ids.
        var words = Languages.Current == Languages.Japanese;
        await using var writer = new StreamWriter(output, Encoding, bufferSize: 64 * 1024, leaveOpen: true) { NewLine = "\r\n" };
        await writer.WriteLineAsync(string.Join(',', Headings()));
        var line = new StringBuilder(256);
        var n = 0;
        await foreach (var r in rows.WithCancellation(ct))
        {
            line.Clear();
            Text(line, TimeZoneInfo.ConvertTimeFromUtc(r.StartedAt, zone).ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
            Text(line, r.DetailId); Text(line, r.CallId); Text(line, words && r.CallType is not null ? CallTypes.Label(r.CallType) : r.CallType);
            Text(line, words ? OutcomeLabels.Label(r.Outcome) : r.Outcome);
            Text(line, r.CircuitNumber); Text(line, r.CircuitName); Text(line, r.OperatorName); Text(line, r.OperatorLoginId);
            Text(line, r.CounterpartName); Text(line, r.CounterpartCompany); Text(line, r.CounterpartNumber);
            Number(line, Math.Round(r.DurationSeconds)); Number(line, r.Score is { } s ? Math.Round(s, 1) : null);
            Number(line, r.Tlr is { } t ? Math.Round(t, 4) : null); Number(line, r.OverlapCount); Number(line, r.SilenceCount);
            Text(line, string.Join("; ", r.Tags));
            line.Length--; // the trailing comma
            await writer.WriteLineAsync(line, ct);
            // Hand full buffers to the client as we go rather than holding the whole export.
            if (++n % 2_000 == 0) await writer.FlushAsync(ct);
        }
    }

    /// <summary>Appends one text cell and its comma.</summary>
    public static void Text(StringBuilder sb, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            var guarded = value[0] is '=' or '+' or '-' or '@' or '\t' or '\r' ? "'" + value : value;
            if (guarded.AsSpan().IndexOfAny(",\"\r\n") >= 0 || guarded[0] == ' ' || guarded[^1] == ' ')
                sb.Append('"').Append(guarded.Replace("\"", "\"\"")).Append('"');
            else
                sb.Append(guarded);
        }
        sb.Append(',');
    }

    private static void Number(StringBuilder sb, double? value)
    {
        if (value is { } v) sb.Append(v.ToString(CultureInfo.InvariantCulture));
        sb.Append(',');
    }
}

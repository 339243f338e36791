using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using MiiTelDashboard.Data;

using MiiTelDashboard.Components.Catalog;

namespace MiiTelDashboard.Demo;

/// <summary>What to generate. Same options (including <see cref="End"/>) → the same bytes.</summary>
public sealed record DemoOptions
{
    /// <summary>Calls (webhook bodies); a transfer or IVR call carries two legs in one body.</summary>
    public int Calls { get; init; } = 3_000;
    /// <summary>Days back from <see cref="End"/> over which calls are spread (business hours, Tokyo).</summary>
    public int Days { get; init; } = 60;
    public int Seed { get; init; } = 20261125;
    /// <summary>Mean number of utterances (phrases.raw entries, both sides) of a full conversation; each call varies ±20%.</summary>
    public int UtterancesPerCall { get; init; } = 24;
    /// <summary>Share of calls held in Japanese (the rest English), each handled by a rep of that language.</summary>
    public double JapaneseShare { get; init; } = 0.65;
    /// <summary>The newest a call may be. Pass a fixed value for reproducible output.</summary>
    public required DateTimeOffset End { get; init; }
    public string TenantCode { get; init; } = "miraicall-demo";
}

/// <summary>
/// Deterministic MiiTel webhook bodies in the shape of a real "voice analysis completed" delivery:
/// outgoing, incoming, missed, unanswered, IVR (READ_DTMF → queue), transfers (legs linked by
/// previous_id), predictive dialling, with analysis, participants, phrases, keywords, tags,
/// comments, transcripts and minutes. Every call is generated from its own index, so bodies can be
/// produced in any order or in parallel, and <see cref="Body"/>(i) is always the same.
/// </summary>
public sealed class DemoCallGenerator
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = AppJson.Storage.Encoder, Indented = false };
    private static readonly TimeSpan Tokyo = TimeSpan.FromHours(9);
    // MiiTel counts silences of at least 3 s and overlaps of at least 1 s (MiiTel support).
    private const double MinSilenceSeconds = 3;
    private const double MinOverlapSeconds = 1;

    private readonly DemoOptions _o;
    private readonly DateTime[] _dayStarts; // local midnight (as UTC instants) of each eligible day
    private readonly double[] _dayWeights;  // cumulative
    private readonly DemoUser[] _ja;
    private readonly DemoUser[] _en;

    public DemoCallGenerator(DemoOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(options.Calls);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Days, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.UtterancesPerCall, 2);
        _o = options;
        var endLocal = options.End.ToOffset(Tokyo);
        var days = new List<DateTime>();
        var weights = new List<double>();
        double total = 0;
        for (var d = 0; d < options.Days; d++)
        {
            var local = endLocal.Date.AddDays(-d);
            // Sales teams call on weekdays; a few Saturday calls, almost none on Sunday.
            var w = local.DayOfWeek switch { DayOfWeek.Saturday => 0.12, DayOfWeek.Sunday => 0.03, _ => 1.0 };
            total += w;
            days.Add(new DateTimeOffset(local, Tokyo).UtcDateTime);
            weights.Add(total);
        }
        _dayStarts = [.. days];
        _dayWeights = weights.Select(w => w / total).ToArray();
        _ja = DemoScript.Users.Where(u => u.Japanese).ToArray();
        _en = DemoScript.Users.Where(u => !u.Japanese).ToArray();
    }

    public DemoOptions Options => _o;

    /// <summary>Every body, as UTF-8 JSON bytes (the fast path for bulk loads).</summary>
    public IEnumerable<byte[]> Bodies()
    {
        for (var i = 0; i < _o.Calls; i++) yield return Body(i);
    }

    /// <summary>Every body as a JsonObject, convenient for edits in tests.</summary>
    public IEnumerable<JsonObject> Objects()
    {
        for (var i = 0; i < _o.Calls; i++) yield return Json(i);
    }

    public JsonObject Json(int index) => JsonNode.Parse(Body(index))!.AsObject();

    /// <summary>The body of call <paramref name="index"/>.</summary>
    public byte[] Body(int index)
    {
        var call = Plan(index);
        var buffer = new ArrayBufferWriter<byte>(call.Legs.Sum(l => l.Talk is null ? 1_500 : 600 + l.Talk.Utterances.Count * 420));
        using (var w = new Utf8JsonWriter(buffer, WriterOptions)) Write(w, call);
        return buffer.WrittenSpan.ToArray();
    }

    // ---------------------------------------------------------------- planning

    private sealed class Call
    {
        public required string Id;
        public readonly List<Leg> Legs = [];
    }

    private sealed class Leg
    {
        public required string Id;
        public required string CallType;
        public required DemoCircuit Circuit;
        public required DemoUser User;
        public required DemoContact Contact;
        public required bool Japanese;
        public bool Outbound;
        public bool Queue;
        public string? PreviousId;
        public string? Dtmf;
        public DateTime Start;
        public DateTime? Answered;
        public DateTime End;
        public bool OperatorHasLoginId;
        public bool HasOperatorParticipant = true;
        public string OperatorParticipantId = "";
        public string CustomerParticipantId = "";
        public Talk? Talk;
        public readonly List<(string Value, string By, string Type)> Tags = [];
        public readonly List<(DateTime At, string By, string Value)> Comments = [];
        public string? Minutes;
    }

    private sealed class Talk
    {
        public readonly List<Utt> Utterances = [];
        public readonly List<(double Start, double End)> Silences = [];
        public readonly List<(double Start, double End)> Overlaps = [];
        public readonly List<(int At, bool Operator, string Value)> Keywords = [];
        public double Duration, Tlr, Score;
        public int Rally;
        public Voice Op = null!, Customer = null!;
    }

    private sealed record Utt(bool Operator, string Text, string NoFiller, int Fillers, double Start, double End);

    private sealed record Voice(double? F0, double? SpeechRate, double? Variance, int? Fillers, double? Positive, double? Negative);

    private Call Plan(int index)
    {
        var r = new DemoRandom(((ulong)(uint)_o.Seed << 32) ^ (ulong)(uint)index);
        var japanese = r.Chance(_o.JapaneseShare);
        var users = japanese ? _ja : _en;
        var user = users[r.Next(users.Length)];
        var circuit = DemoScript.Circuits[user.Circuit];
        var contact = Contact(r, japanese);
        var start = StartTime(r);
        var call = new Call { Id = r.Guid() };

        var roll = r.NextDouble();
        if (roll < 0.50) Direct(r, call, "OUTGOING_CALL", true, answerRate: 0.62);
        else if (roll < 0.75) Direct(r, call, "INCOMING_CALL", false, answerRate: 0.80);
        else if (roll < 0.81) Direct(r, call, "PREDICTIVE_DIAL", true, answerRate: 0.35);
        else if (roll < 0.83) Direct(r, call, "AUTOMATIC_TRANSFER", true, answerRate: 0.0);
        else if (roll < 0.89) Ivr(r, call);
        else if (roll < 0.95) Transfer(r, call);
        else Direct(r, call, "QUEUEING_CALL", false, answerRate: 0.75, queue: true);
        return call;

        void Direct(DemoRandom r, Call call, string type, bool outbound, double answerRate, bool queue = false)
        {
            var leg = NewLeg(r, call.Id, type, user, outbound, start);
            leg.Queue = queue;
            if (r.Chance(answerRate)) Converse(r, leg, leg.Start.AddSeconds(r.Range(4, 22)), DurationSeconds(r), opening: null);
            else Ring(r, leg);
            call.Legs.Add(leg);
        }

        void Ivr(DemoRandom r, Call call)
        {
            // The IVR answers, the caller pushes a number, and the call waits in the queue of that circuit.
            var ivr = NewLeg(r, call.Id, "READ_DTMF", user, false, start);
            ivr.Dtmf = r.Next(1, 4).ToString(CultureInfo.InvariantCulture);
            ivr.Answered = ivr.Start.AddSeconds(1);
            ivr.End = ivr.Answered.Value.AddSeconds(r.Range(8, 25));
            ivr.HasOperatorParticipant = false;
            call.Legs.Add(ivr);
            var queue = NewLeg(r, r.Guid(), "QUEUEING_CALL", user, false, ivr.End);
            queue.Queue = true;
            queue.PreviousId = ivr.Id;
            if (r.Chance(0.8)) Converse(r, queue, queue.Start.AddSeconds(r.Range(5, 60)), DurationSeconds(r), opening: null);
            else Ring(r, queue);
            call.Legs.Add(queue);
        }

        void Transfer(DemoRandom r, Call call)
        {
            // The first rep picks up, then hands the caller to a colleague of the same circuit.
            var first = NewLeg(r, call.Id, "INCOMING_CALL", user, false, start);
            Converse(r, first, first.Start.AddSeconds(r.Range(3, 12)), r.Range(25, 80), opening: japanese ? DemoScript.TransferJa : DemoScript.TransferEn, shortTalk: true);
            call.Legs.Add(first);
            var colleagues = DemoScript.Users.Where(u => u.Circuit == user.Circuit && u != user).ToArray();
            var other = colleagues.Length > 0 ? colleagues[r.Next(colleagues.Length)] : user;
            var second = NewLeg(r, r.Guid(), "EXTENSION_TRANSFER", other, false, first.End);
            second.Japanese = japanese;
            second.Contact = first.Contact;
            second.PreviousId = first.Id;
            Converse(r, second, second.Start.AddSeconds(r.Range(3, 15)), DurationSeconds(r), opening: null);
            call.Legs.Add(second);
        }

        Leg NewLeg(DemoRandom r, string id, string type, DemoUser u, bool outbound, DateTime at) => new()
        {
            Id = id, CallType = type, Circuit = DemoScript.Circuits[u.Circuit], User = u, Contact = contact, Japanese = japanese,
            Outbound = outbound, Start = at, End = at,
            // Older bodies carry no login_id; the operator is then found by FROM/TO.
            OperatorHasLoginId = r.Chance(0.7),
            OperatorParticipantId = r.Guid(), CustomerParticipantId = r.Guid(),
        };
    }

    private static void Ring(DemoRandom r, Leg leg)
    {
        leg.Answered = null;
        leg.End = leg.Start.AddSeconds(r.Range(12, 45));
        if (leg.Outbound && r.Chance(0.25)) leg.Tags.Add((leg.Japanese ? "担当者不在" : "Left Message", leg.User.Name, "TENANT_USER"));
    }

    private static DemoContact Contact(DemoRandom r, bool japanese)
    {
        var number = "0" + r.Next(100_000_000, 999_999_999).ToString(CultureInfo.InvariantCulture);
        if (r.Chance(0.2)) return new DemoContact(null, null, number); // an unknown number
        var companies = japanese ? DemoScript.CompaniesJa : DemoScript.CompaniesEn;
        var people = japanese ? DemoScript.ContactsJa : DemoScript.ContactsEn;
        return new DemoContact(people[r.Next(people.Length)], r.Chance(0.9) ? companies[r.Next(companies.Length)] : null, number);
    }

    private DateTime StartTime(DemoRandom r)
    {
        var x = r.NextDouble();
        var day = Array.BinarySearch(_dayWeights, x);
        if (day < 0) day = Math.Min(~day, _dayWeights.Length - 1);
        // Office hours in Tokyo, quieter over lunch.
        double hour;
        do hour = r.Range(9, 19); while (hour is >= 12 and < 13 && r.Chance(0.6));
        var start = _dayStarts[day].AddHours(hour).AddSeconds(r.Next(60));
        var end = _o.End.UtcDateTime;
        if (start > end) start = end.AddMinutes(-r.Range(1, 180));
        return DateTime.SpecifyKind(new DateTime(start.Ticks - start.Ticks % TimeSpan.TicksPerSecond), DateTimeKind.Utc);
    }

    /// <summary>Talk time: mostly 1–10 minutes, a long tail to ~45, some very short.</summary>
    private static double DurationSeconds(DemoRandom r)
    {
        var seconds = Math.Exp(r.Normal(Math.Log(260), 0.85));
        return Math.Clamp(seconds, 20, 2_700);
    }

    private void Converse(DemoRandom r, Leg leg, DateTime answered, double targetSeconds, string? opening, bool shortTalk = false)
    {
        var u = leg.User;
        var ja = leg.Japanese;
        var talk = new Talk();
        var n = shortTalk ? r.Next(3, 6) : Math.Max(2, (int)Math.Round(_o.UtterancesPerCall * r.Range(0.8, 1.2)));
        var tlr = Math.Clamp(r.Normal(u.TalkBias, 0.08), 0.12, 0.9);
        var speech = targetSeconds * r.Range(0.78, 0.9);
        var opLines = ja ? DemoScript.OperatorJa : DemoScript.OperatorEn;
        var custLines = ja ? DemoScript.CustomerJa : DemoScript.CustomerEn;
        var fillers = ja ? DemoScript.FillersJa : DemoScript.FillersEn;

        // Who speaks when: turns mostly alternate, the talkative side sometimes goes on. Outgoing calls
        // start with the customer answering; incoming ones with our greeting.
        var speakers = new bool[n];
        var opTurns = 0;
        for (var i = 0; i < n; i++)
        {
            speakers[i] = i == 0 ? !leg.Outbound : r.Chance(0.75) ? !speakers[i - 1] : r.Chance(tlr);
            if (opening is not null && i == n - 1) speakers[i] = true; // our side says the closing line
            if (speakers[i]) opTurns++;
        }
        if (opTurns == 0) { speakers[n - 1] = true; opTurns = 1; }
        if (opTurns == n) { speakers[0] = false; opTurns--; }
        var opEach = speech * tlr / opTurns;
        var custEach = speech * (1 - tlr) / (n - opTurns);

        double t = r.Range(0.5, 2.0), opTime = 0, custTime = 0, prevStart = 0, prevEnd = 0;
        int lastOpLine = -1, lastCustLine = -1;
        for (var i = 0; i < n; i++)
        {
            var isOp = speakers[i];
            var length = Math.Max(0.8, (isOp ? opEach : custEach) * r.Range(0.6, 1.4));
            double start;
            if (i > 0 && speakers[i] != speakers[i - 1] && r.Chance(u.OverlapRate * 2))
            {
                start = Math.Max(prevStart + 0.3, prevEnd - r.Range(1.0, 2.6));
                if (prevEnd - start >= MinOverlapSeconds) talk.Overlaps.Add((Round2(start), Round2(prevEnd)));
            }
            else if (i > 0 && r.Chance(u.SilenceRate * 1.5))
            {
                var gap = r.Range(MinSilenceSeconds, 9);
                talk.Silences.Add((Round2(prevEnd), Round2(prevEnd + gap)));
                start = prevEnd + gap;
            }
            else start = Math.Max(t, prevEnd + r.Range(0.15, 1.1));
            var end = start + length;

            var text = i == 0 && isOp && !leg.Outbound ? (ja ? DemoScript.IncomingGreetingJa : DemoScript.IncomingGreetingEn)
                : i == n - 1 && opening is not null ? opening
                : Line(r, isOp ? opLines : custLines, i, n, ref isOp ? ref lastOpLine : ref lastCustLine);
            text = Fill(text, leg);
            var fillerCount = 0;
            var spoken = text;
            if (r.Chance(isOp ? 0.25 : 0.15))
            {
                fillerCount = 1;
                // English reads on after a filler in lower case ("uh, thanks…"); Japanese has no case.
                spoken = fillers[r.Next(fillers.Length)] + (ja || text.StartsWith("I ", StringComparison.Ordinal) || text.StartsWith("I'", StringComparison.Ordinal) ? text : char.ToLowerInvariant(text[0]) + text[1..]);
            }
            talk.Utterances.Add(new Utt(isOp, spoken, text, fillerCount, Round3(start), Round3(end)));
            if (isOp) opTime += length; else custTime += length;
            foreach (var k in ja ? DemoScript.KeywordsJa : DemoScript.KeywordsEn)
            {
                if (text.Contains(k, StringComparison.OrdinalIgnoreCase)) talk.Keywords.Add(((int)start, isOp, k));
            }
            prevStart = start;
            prevEnd = Math.Max(prevEnd, end);
            t = prevEnd;
        }

        talk.Duration = Math.Ceiling(prevEnd + r.Range(1, 4));
        talk.Tlr = Math.Round(opTime / (opTime + custTime), 4);
        talk.Rally = Enumerable.Range(1, n - 1).Count(i => speakers[i] != speakers[i - 1]) / 2;
        var formula = ScoreExplanation.For(talk.Duration, talk.Tlr, talk.Overlaps.Count, talk.Silences.Count);
        talk.Score = Math.Clamp(formula.Estimate + r.Normal(0, 3), 0, 100);
        talk.Op = VoiceOf(r, u.Female, ja, u.Positivity, talk.Utterances.Where(x => x.Operator).Sum(x => x.Fillers));
        talk.Customer = VoiceOf(r, r.Chance(0.5), ja, 0.45, talk.Utterances.Where(x => !x.Operator).Sum(x => x.Fillers));

        leg.Talk = talk;
        leg.Answered = answered;
        leg.End = answered.AddSeconds(talk.Duration);

        if (!shortTalk) Annotate(r, leg);
    }

    private static void Annotate(DemoRandom r, Leg leg)
    {
        var ja = leg.Japanese;
        var tags = ja ? DemoScript.TagsJa : DemoScript.TagsEn;
        if (r.Chance(0.55)) leg.Tags.Add((tags[r.Next(tags.Length)], leg.User.Name, "TENANT_USER"));
        if (r.Chance(0.15)) leg.Tags.Add((tags[r.Next(tags.Length)], leg.User.Name, "TENANT_USER"));
        if (leg.Talk!.Keywords.Any(k => k.Value is "競合" or "competitor"))
            leg.Tags.Add((ja ? DemoScript.SystemTagJa : DemoScript.SystemTagEn, "MiiTel", "SYSTEM"));
        if (leg.Tags.Select(t => t.Value).Distinct().Count() != leg.Tags.Count)
            leg.Tags.RemoveAt(leg.Tags.Count - 1);
        if (r.Chance(0.12))
        {
            var comments = ja ? DemoScript.CommentsJa : DemoScript.CommentsEn;
            var managers = ja ? DemoScript.ManagersJa : DemoScript.ManagersEn;
            leg.Comments.Add((leg.End.AddMinutes(r.Range(10, 600)), managers[r.Next(managers.Length)], comments[r.Next(comments.Length)]));
        }
        if (leg.Talk.Duration > 120 && r.Chance(0.2))
            leg.Minutes = Fill(ja ? DemoScript.MinutesJa : DemoScript.MinutesEn, leg);
    }

    private static Voice VoiceOf(DemoRandom r, bool female, bool ja, double positivity, int fillers)
    {
        // MiiTel leaves single measures null when it could not compute them.
        double? f0 = r.Chance(0.02) ? null : Math.Round(female ? r.Range(175, 245) : r.Range(95, 145), 4);
        double? rate = Math.Round(ja ? r.Range(7, 11.5) : r.Range(10, 15), 4);
        double? variance = r.Chance(0.05) ? null : Math.Round(r.Range(9, 24), 4);
        double? positive = Math.Round(Math.Clamp(r.Normal(positivity, 0.15), 0, 1), 4);
        double? negative = Math.Round(Math.Clamp(r.Normal(0.55 - positivity * 0.6, 0.1), 0, 1), 4);
        return new Voice(f0, rate, variance, fillers, positive, negative);
    }

    /// <summary>A line near the call's progress; never the line this speaker said last.</summary>
    private static string Line(DemoRandom r, string[] lines, int i, int n, ref int last)
    {
        var at = Math.Clamp((int)((double)i / n * lines.Length) + r.Next(-1, 2), 0, lines.Length - 1);
        if (at == last) at = at + 1 < lines.Length ? at + 1 : Math.Max(0, at - 1);
        last = at;
        return lines[at];
    }

    private static string Fill(string template, Leg leg)
    {
        if (!template.Contains('{')) return template;
        var unknown = leg.Japanese ? "ご担当者" : "there";
        return template
            .Replace("{me}", leg.Japanese ? DemoScript.CompanyJa : DemoScript.CompanyEn)
            // Japanese names are written family name first, English ones given name first: reps introduce themselves by the first part either way.
            .Replace("{op}", leg.User.Name.Split(' ')[0])
            .Replace("{company}", leg.Contact.Company ?? (leg.Japanese ? "御社" : "your company"))
            .Replace("{customer}", leg.Contact.Name ?? unknown);
    }

    private static double Round2(double x) => Math.Round(x, 2);
    private static double Round3(double x) => Math.Round(x, 3);

    // ---------------------------------------------------------------- writing

    private void Write(Utf8JsonWriter w, Call call)
    {
        w.WriteStartObject();
        w.WriteStartObject("call");
        w.WriteString("id", call.Id);
        w.WriteString("tenant_code", _o.TenantCode);
        w.WriteStartArray("details");
        foreach (var leg in call.Legs) WriteLeg(w, leg);
        w.WriteEndArray();
        w.WriteEndObject();
        w.WriteEndObject();
    }

    private static void WriteLeg(Utf8JsonWriter w, Leg leg)
    {
        w.WriteStartObject();
        w.WriteString("id", leg.Id);
        Time(w, "dial_starts_at", leg.Queue ? null : leg.Start);
        Time(w, "dial_answered_at", leg.Queue ? null : leg.Answered);
        Time(w, "dial_ends_at", leg.Queue ? null : leg.End);
        Time(w, "queueing_starts_at", leg.Queue ? leg.Start : null);
        Time(w, "queueing_answered_at", leg.Queue ? leg.Answered : null);
        Time(w, "queueing_ends_at", leg.Queue ? leg.End : null);
        w.WriteString("call_type", leg.CallType);
        w.WriteString("circuit_number", leg.Circuit.Number);
        w.WriteString("circuit_name", leg.Circuit.Name);
        // Outgoing bodies carry no from_number; incoming ones name the caller and the dialled line.
        if (leg.Outbound) w.WriteNull("from_number"); else w.WriteString("from_number", leg.Contact.Number);
        w.WriteString("to_number", leg.Outbound ? leg.Contact.Number : leg.Circuit.Number);
        w.WriteString("previous_id", leg.PreviousId);
        w.WriteString("dtmf", leg.Dtmf);

        var talk = leg.Talk;
        if (talk is null) w.WriteNull("analysis");
        else
        {
            w.WriteStartObject("analysis");
            w.WriteNumber("score", talk.Score);
            w.WriteNumber("tlr", talk.Tlr);
            w.WriteNumber("rally_count", talk.Rally);
            w.WriteNumber("overlap_count", talk.Overlaps.Count);
            w.WriteNumber("silence_count", talk.Silences.Count);
            Positions(w, "silence_positions", talk.Silences);
            Positions(w, "overlap_positions", talk.Overlaps);
            w.WriteEndObject();
        }

        w.WriteStartArray("participants");
        var opSide = leg.Outbound ? "FROM" : "TO";
        var custSide = leg.Outbound ? "TO" : "FROM";
        if (leg.HasOperatorParticipant)
            Participant(w, leg.OperatorParticipantId, opSide, leg.User.Name, null, leg.OperatorHasLoginId ? leg.User.LoginId : null, talk?.Op);
        Participant(w, leg.CustomerParticipantId, custSide, leg.Contact.Name, leg.Contact.Company, null, talk?.Customer);
        w.WriteEndArray();

        w.WriteStartArray("tags");
        foreach (var (value, by, type) in leg.Tags)
        {
            w.WriteStartObject();
            w.WriteString("created_by", by);
            w.WriteString("creator_type", type);
            w.WriteString("value", value);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("comments");
        foreach (var (at, by, value) in leg.Comments)
        {
            w.WriteStartObject();
            Time(w, "created_at", at);
            w.WriteString("created_by", by);
            w.WriteString("value", value);
            w.WriteEndObject();
        }
        w.WriteEndArray();

        w.WriteStartArray("keywords");
        if (talk is not null)
        {
            foreach (var (at, op, value) in talk.Keywords)
            {
                w.WriteStartObject();
                w.WriteNumber("starts_at", at);
                w.WriteString("participant_id", op ? leg.OperatorParticipantId : leg.CustomerParticipantId);
                w.WriteString("value", value);
                w.WriteEndObject();
            }
        }
        w.WriteEndArray();

        w.WriteStartArray("phrases");
        if (talk is not null)
        {
            Phrases(w, leg.OperatorParticipantId, talk, true);
            Phrases(w, leg.CustomerParticipantId, talk, false);
        }
        w.WriteEndArray();

        if (talk is null) w.WriteNull("speech_recognition");
        else
        {
            w.WriteStartObject("speech_recognition");
            w.WriteString("raw", Transcript(talk, leg.Japanese));
            // MiiTel has sent an empty summary since 2025-06-19.
            w.WriteString("summary", "");
            w.WriteEndObject();
        }
        if (leg.Minutes is not null) w.WriteString("minutes", leg.Minutes);
        w.WriteEndObject();
    }

    private static void Participant(Utf8JsonWriter w, string id, string side, string? name, string? company, string? loginId, Voice? v)
    {
        w.WriteStartObject();
        w.WriteString("id", id);
        w.WriteString("from_to", side);
        w.WriteString("name", name);
        w.WriteString("company_name", company);
        if (loginId is not null) w.WriteString("login_id", loginId);
        if (v is null) w.WriteNull("analysis");
        else
        {
            w.WriteStartObject("analysis");
            Number(w, "f0", v.F0);
            Number(w, "speechrate", v.SpeechRate);
            Number(w, "variance", v.Variance);
            Number(w, "filler_count", v.Fillers);
            Number(w, "positive_score", v.Positive);
            Number(w, "negative_score", v.Negative);
            w.WriteEndObject();
        }
        w.WriteEndObject();
    }

    private static void Phrases(Utf8JsonWriter w, string participantId, Talk talk, bool op)
    {
        w.WriteStartObject();
        w.WriteString("participant_id", participantId);
        for (var pass = 0; pass < 2; pass++)
        {
            var summary = pass == 1;
            w.WriteStartArray(summary ? "summary" : "raw");
            for (var i = 0; i < talk.Utterances.Count; i++)
            {
                var u = talk.Utterances[i];
                // The summary keeps the substantial phrases: roughly every third.
                if (u.Operator != op || (summary && i % 3 != 1)) continue;
                w.WriteStartObject();
                w.WriteNumber("order", i);
                w.WriteString("phrase", u.Text);
                w.WriteString("phrase_nofiller", u.NoFiller);
                w.WriteNumber("start_at", u.Start);
                w.WriteNumber("end_at", u.End);
                if (summary) w.WriteNull("filler_num"); else w.WriteNumber("filler_num", u.Fillers);
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        w.WriteEndObject();
    }

    private static string Transcript(Talk talk, bool ja)
    {
        var sb = new StringBuilder(talk.Utterances.Count * 64);
        foreach (var u in talk.Utterances)
        {
            if (sb.Length > 0) sb.Append('\n');
            var s = (int)u.Start;
            sb.Append(s / 60).Append(':').Append((s % 60).ToString("00", CultureInfo.InvariantCulture)).Append(' ');
            sb.Append(u.Operator ? ja ? "(ユーザー)" : "(Operator)" : ja ? "(取引先)" : "(Customer)");
            sb.Append(' ').Append(u.NoFiller);
        }
        return sb.ToString();
    }

    private static void Positions(Utf8JsonWriter w, string name, List<(double Start, double End)> positions)
    {
        w.WriteStartArray(name);
        foreach (var (s, e) in positions)
        {
            w.WriteStartArray();
            w.WriteNumberValue(s);
            w.WriteNumberValue(e);
            w.WriteEndArray();
        }
        w.WriteEndArray();
    }

    private static void Time(Utf8JsonWriter w, string name, DateTime? t)
    {
        if (t is { } v) w.WriteString(name, v.ToString("yyyy-MM-dd'T'HH:mm:ss'+00:00'", CultureInfo.InvariantCulture));
        else w.WriteNull(name);
    }

    private static void Number(Utf8JsonWriter w, string name, double? v)
    {
        if (v is { } x) w.WriteNumber(name, x); else w.WriteNull(name);
    }
}

/// <summary>SplitMix64: tiny, fast, and the same sequence on every runtime, unlike <see cref="Random"/>'s unspecified algorithm.</summary>
internal sealed class DemoRandom(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        var z = _state += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));
    public int Next(int max) => (int)(NextDouble() * max);
    public int Next(int min, int max) => min + Next(max - min);
    public double Range(double min, double max) => min + NextDouble() * (max - min);
    public bool Chance(double p) => NextDouble() < p;

    public double Normal(double mean, double sd)
    {
        var u1 = 1.0 - NextDouble();
        var u2 = NextDouble();
        return mean + sd * Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }

    public string Guid()
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, NextUInt64());
        BitConverter.TryWriteBytes(bytes[8..], NextUInt64());
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40); // version 4
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80); // RFC variant
        return new System.Guid(bytes).ToString();
    }
}

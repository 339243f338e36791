using System.Text.Json.Nodes;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Ingest;

/// <summary>Projects one merged MiiTel detail body onto the stored columns and child rows.</summary>
internal static class DetailMapper
{
    public static CallDetail Map(string id, JsonObject json, string rawJson, string? callId, string? tenantCode, DateTime receivedAt, List<string> warnings)
    {
        var path = $"details[{id}]";
        var r = new FieldReader(warnings);
        var d = new CallDetail
        {
            Id = id,
            RawJson = rawJson,
            Outcome = Outcomes.Missed,
            CallId = callId,
            TenantCode = tenantCode,
            CallType = r.String(json, "call_type", path),
            CircuitNumber = r.String(json, "circuit_number", path),
            CircuitName = r.String(json, "circuit_name", path),
            FromNumber = r.String(json, "from_number", path),
            ToNumber = r.String(json, "to_number", path),
            PreviousId = r.String(json, "previous_id", path),
            Dtmf = r.String(json, "dtmf", path),
            DialStartsAt = r.Time(json, "dial_starts_at", path),
            DialAnsweredAt = r.Time(json, "dial_answered_at", path),
            DialEndsAt = r.Time(json, "dial_ends_at", path),
            QueueingStartsAt = r.Time(json, "queueing_starts_at", path),
            QueueingAnsweredAt = r.Time(json, "queueing_answered_at", path),
            QueueingEndsAt = r.Time(json, "queueing_ends_at", path),
            FirstReceivedAt = receivedAt,
            LastChangedAt = receivedAt,
        };

        var analysis = r.Object(json, "analysis", path);
        if (analysis is not null)
        {
            var ap = path + ".analysis";
            d.HasAnalysis = true;
            d.Score = r.Number(analysis, "score", ap);
            d.Tlr = r.Number(analysis, "tlr", ap);
            d.RallyCount = r.Integer(analysis, "rally_count", ap);
            d.OverlapCount = r.Integer(analysis, "overlap_count", ap);
            d.SilenceCount = r.Integer(analysis, "silence_count", ap);
            d.SilencePositionsJson = r.FiniteArrayJson(analysis, "silence_positions", ap);
            d.OverlapPositionsJson = r.FiniteArrayJson(analysis, "overlap_positions", ap);
        }

        MapParticipants(d, json, path, r);
        MapTimes(d, receivedAt);

        foreach (var (tag, tp) in r.Objects(json, "tags", path))
        {
            if (r.String(tag, "value", tp) is { } value)
                d.Tags.Add(new CallTag { DetailId = id, Value = value, CreatedBy = r.String(tag, "created_by", tp), CreatorType = r.String(tag, "creator_type", tp) });
        }
        foreach (var (comment, cp) in r.Objects(json, "comments", path))
        {
            if (r.String(comment, "value", cp) is { } value)
                d.Comments.Add(new CallComment { DetailId = id, Value = value, CreatedBy = r.String(comment, "created_by", cp), CreatedAt = r.Time(comment, "created_at", cp) });
        }
        foreach (var (keyword, kp) in r.Objects(json, "keywords", path))
        {
            if (r.String(keyword, "value", kp) is { } value)
                d.Keywords.Add(new CallKeyword { DetailId = id, Value = value, StartsAt = r.Number(keyword, "starts_at", kp), ParticipantId = r.String(keyword, "participant_id", kp) });
        }
        MapPhrases(d, json, path, r);

        var speech = r.Object(json, "speech_recognition", path);
        d.TranscriptRaw = r.String(speech, "raw", path + ".speech_recognition");
        d.TranscriptSummary = r.String(speech, "summary", path + ".speech_recognition");
        d.MinutesJson = json["minutes"]?.ToJsonString(AppJson.Storage);
        return d;
    }

    private static void MapParticipants(CallDetail d, JsonObject json, string path, FieldReader r)
    {
        foreach (var (p, pp) in r.Objects(json, "participants", path))
        {
            var a = r.Object(p, "analysis", pp);
            var ap = pp + ".analysis";
            d.Participants.Add(new Participant
            {
                DetailId = d.Id,
                ParticipantId = r.String(p, "id", pp),
                FromTo = r.String(p, "from_to", pp),
                Name = r.String(p, "name", pp),
                CompanyName = r.String(p, "company_name", pp),
                LoginId = r.String(p, "login_id", pp),
                F0 = r.Number(a, "f0", ap),
                SpeechRate = r.Number(a, "speechrate", ap),
                Variance = r.Number(a, "variance", ap),
                FillerCount = r.Integer(a, "filler_count", ap),
                PositiveScore = r.Number(a, "positive_score", ap),
                NegativeScore = r.Number(a, "negative_score", ap),
            });
        }

        var index = CallRules.FindOperator(d.CallType, d.Participants.Select(p => (p.FromTo, p.LoginId)).ToList());
        var op = index >= 0 ? d.Participants[index] : null;
        var customer = d.Participants.FirstOrDefault(p => !ReferenceEquals(p, op));
        if (op is not null)
        {
            op.IsOperator = true;
            d.OperatorParticipantId = op.ParticipantId;
            d.OperatorName = op.Name;
            d.OperatorLoginId = op.LoginId;
            d.OperatorPositive = op.PositiveScore;
            d.OperatorNegative = op.NegativeScore;
        }
        if (customer is not null)
        {
            d.CounterpartName = customer.Name;
            d.CounterpartCompany = customer.CompanyName;
            d.CustomerPositive = customer.PositiveScore;
            d.CustomerNegative = customer.NegativeScore;
        }
        d.CounterpartNumber = CallRules.IsOutbound(d.CallType) ? d.ToNumber : d.FromNumber;
    }

    private static void MapTimes(CallDetail d, DateTime receivedAt)
    {
        var answeredAt = d.DialAnsweredAt ?? d.QueueingAnsweredAt;
        var endsAt = d.DialEndsAt ?? d.QueueingEndsAt;
        var answered = answeredAt is not null || d.HasAnalysis;
        d.Outcome = CallRules.Outcome(d.CallType, answered);
        d.DurationSeconds = answeredAt is { } a && endsAt is { } e && e > a ? (e - a).TotalSeconds : 0;
        d.StartedAt = d.DialStartsAt ?? d.QueueingStartsAt ?? answeredAt ?? receivedAt;
        d.StartedAtEpoch = new DateTimeOffset(d.StartedAt, TimeSpan.Zero).ToUnixTimeSeconds();
    }

    private static void MapPhrases(CallDetail d, JsonObject json, string path, FieldReader r)
    {
        foreach (var (group, gp) in r.Objects(json, "phrases", path))
        {
            var participantId = r.String(group, "participant_id", gp);
            var isOperator = participantId is not null && participantId == d.OperatorParticipantId;
            foreach (var kind in new[] { UtteranceKind.Raw, UtteranceKind.Summary })
            {
                foreach (var (phrase, pp) in r.Objects(group, kind == UtteranceKind.Raw ? "raw" : "summary", gp))
                {
                    var text = r.String(phrase, "phrase", pp) ?? r.String(phrase, "phrase_nofiller", pp);
                    if (text is null) continue;
                    d.Utterances.Add(new Utterance
                    {
                        DetailId = d.Id,
                        ParticipantId = participantId,
                        Kind = kind,
                        IsOperator = isOperator,
                        Order = r.Integer(phrase, "order", pp),
                        Text = text,
                        TextNoFiller = r.String(phrase, "phrase_nofiller", pp),
                        StartAt = r.Number(phrase, "start_at", pp),
                        EndAt = r.Number(phrase, "end_at", pp),
                        FillerNum = r.Integer(phrase, "filler_num", pp),
                    });
                }
            }
        }
    }
}

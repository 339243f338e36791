using System.Diagnostics;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using MiiTelDashboard.Data;
using MiiTelDashboard.Search;

/// <summary>
/// Fills the real schema with believable sales calls: half Japanese, half English, ~30 raw
/// utterances each, tags on most calls and comments on some. Deterministic (fixed seed).
/// </summary>
static class Generator
{
    public static readonly DateTime Now = new(2026, 11, 25, 0, 0, 0, DateTimeKind.Utc);
    private const int CallsPerTransaction = 1_000;

    private static readonly string[] Products = ["MiiTel Phone", "MiiTel Analytics", "MiiTel RecPod", "MiiTel Meetings", "CRM連携オプション", "AI議事録"];
    private static readonly string[] Companies = ["山田商事", "東西物産", "さくら不動産", "北斗システム", "Acme Corp", "Globex", "Initech", "Umbrella Inc"];
    private static readonly string[] Days = ["月曜日", "火曜日", "水曜日", "木曜日", "金曜日", "来週", "月末", "明日"];
    private static readonly string[] EnDays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "next week", "end of the month", "tomorrow"];

    // Conversation glue: most of what is said in any call (acknowledgements, greetings, fillers).
    private static readonly string[] JapaneseCommon =
    [
        "お世話になっております、{company}の担当者様でしょうか", "はい、承知いたしました", "ありがとうございます", "少々お待ちいただけますか",
        "なるほど、そうなんですね", "失礼いたします", "もしもし、聞こえますでしょうか", "はい、はい", "ええ、おっしゃる通りです",
        "それでは{day}に改めてご連絡いたします", "本日はお時間をいただきありがとうございます", "確認して折り返しご連絡します",
        "今お時間よろしいでしょうか", "かしこまりました", "そうですね、検討してみます", "よろしくお願いいたします",
    ];

    // Topics: a call is about a few of them, and the first topics are far more common than the last.
    private static readonly string[][] JapaneseTopics =
    [
        ["本日は{product}のご案内でお電話いたしました", "{product}の概要をご説明させてください"],
        ["価格についてもう少し詳しく教えていただけますか", "月額の価格は一ユーザーあたりです"],
        ["見積書を{day}までにお送りいたします", "見積書の内容をご確認いただけましたか"],
        ["予算の確保は来期になりそうです", "今期の予算にはまだ余裕があります"],
        ["資料をお送りしますのでご確認ください", "先日お送りした資料はご覧いただけましたか"],
        ["{day}の午後三時はいかがでしょうか", "午後でしたら時間が取れます"],
        ["オンライン商談の日程を調整させてください", "オンライン商談のURLをお送りします"],
        ["他社のサービスと比較検討しています", "他社と比べて何が違うのでしょうか"],
        ["導入事例をいくつかご紹介させてください", "同業の導入事例はありますか"],
        ["決裁者の方にもご同席いただけますか", "決裁者は部長になります"],
        ["無料トライアルは二週間ご利用いただけます", "無料トライアルの申し込み方法を教えてください"],
        ["納期はどのくらいかかりますか", "最短で{day}から利用できます"],
        ["CRMとの連携は可能でしょうか", "CRM連携オプションで自動登録されます"],
        ["現在キャンペーン中で初期費用が無料です", "キャンペーンは月末までです"],
        ["割引の条件について確認させてください", "年間契約で割引がございます"],
        ["契約更新の時期が近づいております", "契約更新の手続きについてご案内します"],
        ["セキュリティチェックシートのご提出が必要です", "セキュリティの要件を確認させてください"],
        ["録音データはどのくらい保存できますか", "録音データは無期限で保存されます"],
        ["解約の手続きについて伺いたいのですが", "解約の理由をお聞かせいただけますか"],
        ["通話の文字起こしはAIで自動化されています", "AIの精度はどのくらいですか"],
    ];

    private static readonly string[] EnglishCommon =
    [
        "Hi, this is Alex calling from {company}", "Sure, that makes sense", "Thank you so much", "Could you hold on a second?",
        "I see, that's interesting", "Talk soon, bye", "Hello, can you hear me?", "Right, right", "Yes, exactly",
        "Great, I'll follow up on {day}", "Thanks for taking the time today", "Let me check and call you back",
        "Is now a good time?", "Absolutely", "OK, we'll think about it", "Have a good one",
    ];

    private static readonly string[][] EnglishTopics =
    [
        ["I'm calling about {product}", "Let me give you a quick overview of {product}"],
        ["Could you tell me more about the pricing?", "The pricing is per seat per month"],
        ["I can send the proposal by {day}", "I'll send the proposal right after this call"],
        ["Our budget is frozen until next quarter", "We still have budget this year"],
        ["Did you get a chance to look at the deck I sent?", "I'll email you the deck"],
        ["How about {day} at three?", "The afternoon works better for me"],
        ["Let's schedule an online demo", "I'll send the demo link"],
        ["We are comparing a few vendors", "How are you different from the competition?"],
        ["Let me share a few customer stories", "Do you have a case study in our industry?"],
        ["Will the decision maker join the next call?", "The decision maker is our VP"],
        ["The free trial runs for fourteen days", "How do I start the free trial?"],
        ["How long does onboarding take?", "You can go live by {day}"],
        ["Does it integrate with Salesforce?", "The integration syncs calls to your CRM"],
        ["There is a promotion until the end of the month", "The promotion waives the setup fee"],
        ["What are the terms of the discount?", "There is a discount for annual plans"],
        ["Your contract renewal is coming up", "Let's go over the renewal terms"],
        ["We need a security review before we sign", "Can you fill in our security questionnaire?"],
        ["How long are recordings kept?", "Recordings are kept indefinitely"],
        ["I'd like to ask about cancelling", "May I ask why you want to cancel?"],
        ["Transcripts are generated automatically", "How accurate is the AI transcription?"],
    ];

    private static readonly string[] Users = ["Edgardo", "佐藤 健", "鈴木 花子", "高橋 翔", "田中 美咲", "伊藤 大輔", "渡辺 愛", "山本 蓮", "中村 陽菜", "小林 湊", "Emily Clark", "Kenji Mori", "Sara Lopez", "山口 結衣", "松本 悠真"];
    private static readonly string[] Circuits = ["東京営業部", "大阪営業部", "Inside Sales", "カスタマーサクセス"];
    private static readonly string[] Tags = ["見積送付済", "要フォロー", "受注見込み高", "不在", "demo booked", "follow up", "lost"];

    public static async Task EnsureAsync(IDbContextFactory<CallsDbContext> factory, string connectionString, int calls, int perCall)
    {
        await using (var db = await factory.CreateDbContextAsync())
        {
            await db.Database.MigrateAsync();
            var existing = await db.Details.CountAsync();
            if (existing == calls)
            {
                Console.WriteLine($"Reusing {existing:N0} generated calls.");
                return;
            }
            if (existing > 0) throw new InvalidOperationException($"The database holds {existing:N0} calls, not {calls:N0}: delete it or pass another --db.");
        }

        var clock = Stopwatch.StartNew();
        await using var conn = new SqliteConnection(connectionString);
        await conn.OpenAsync();
        await Exec(conn, "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF; PRAGMA cache_size=-262144;");

        var random = new Random(42);
        await using var detail = Command(conn, """
            INSERT INTO Details (Id, CallId, TenantCode, CallType, CircuitNumber, CircuitName, DialStartsAt, DialAnsweredAt, DialEndsAt,
                StartedAt, StartedAtEpoch, DurationSeconds, Outcome, OperatorName, OperatorLoginId, CounterpartName, CounterpartCompany,
                HasAnalysis, Score, Tlr, RawJson, FirstReceivedAt, LastChangedAt, Version)
            VALUES ($id, $id, 'bench', $type, $circuitNumber, $circuit, $start, $answered, $end, $start, $epoch, $duration, $outcome,
                $user, $login, $counterpart, $company, 1, $score, $tlr, '{}', $start, $start, 1)
            """, "$id", "$type", "$circuitNumber", "$circuit", "$start", "$answered", "$end", "$epoch", "$duration", "$outcome", "$user", "$login", "$counterpart", "$company", "$score", "$tlr");
        await using var utterance = Command(conn, """
            INSERT INTO Utterances (DetailId, ParticipantId, Kind, IsOperator, "Order", Text, StartAt, EndAt, FillerNum)
            VALUES ($detail, $participant, 0, $op, $order, $text, $at, $end, 0)
            """, "$detail", "$participant", "$op", "$order", "$text", "$at", "$end");
        await using var tag = Command(conn, "INSERT INTO Tags (DetailId, Value, CreatorType) VALUES ($detail, $value, 'TENANT_USER')", "$detail", "$value");
        await using var comment = Command(conn, "INSERT INTO Comments (DetailId, Value, CreatedBy) VALUES ($detail, $value, 'manager')", "$detail", "$value");

        for (var first = 0; first < calls; first += CallsPerTransaction)
        {
            await using var tx = await conn.BeginTransactionAsync();
            foreach (var cmd in new[] { detail, utterance, tag, comment }) cmd.Transaction = (SqliteTransaction)tx;
            for (var i = first; i < Math.Min(calls, first + CallsPerTransaction); i++)
            {
                var id = $"bench-{i:D7}";
                var japanese = i % 2 == 0;
                // Newer calls have higher numbers: spread evenly over the last 365 days.
                var start = Now.AddSeconds(-365.0 * 86400 * (calls - i) / calls);
                var duration = 120 + random.Next(900);
                var user = random.Next(Users.Length);
                Set(detail, id, random.Next(4) == 0 ? "INCOMING_CALL" : "OUTGOING_CALL", $"050-0000-000{user % 4}", Circuits[user % 4],
                    Ts(start), Ts(start.AddSeconds(5)), Ts(start.AddSeconds(5 + duration)), new DateTimeOffset(start).ToUnixTimeSeconds(),
                    (double)duration, "connected", Users[user], $"user{user}@bench", japanese ? "鈴木様" : "Mr. Smith",
                    Companies[random.Next(Companies.Length)], Math.Round(40 + random.NextDouble() * 50, 1), Math.Round(0.3 + random.NextDouble() * 0.4, 3));
                await detail.ExecuteNonQueryAsync();

                var at = 1.0;
                int[] topics = [Topic(random, JapaneseTopics.Length), Topic(random, JapaneseTopics.Length)];
                for (var u = 0; u < perCall; u++)
                {
                    var op = u % 2 == 0;
                    var text = Sentence(random, japanese, topics);
                    Set(utterance, id, op ? $"{id}-op" : $"{id}-cu", op, u, text, at, at + 2 + text.Length / 8.0);
                    await utterance.ExecuteNonQueryAsync();
                    at += 3 + text.Length / 8.0 + random.NextDouble() * 2;
                }
                if (random.Next(10) < 7)
                {
                    Set(tag, id, Tags[random.Next(Tags.Length)]);
                    await tag.ExecuteNonQueryAsync();
                }
                if (random.Next(10) == 0)
                {
                    Set(comment, id, japanese ? "次回は決裁者同席で提案予定" : "Coach on discovery questions");
                    await comment.ExecuteNonQueryAsync();
                }
            }
            await tx.CommitAsync();
            if ((first / CallsPerTransaction) % 10 == 9)
                Console.WriteLine($"  {first + CallsPerTransaction:N0} calls in {clock.Elapsed.TotalSeconds:N0} s");
        }
        var inserted = clock.Elapsed.TotalSeconds;
        // The rows above bypass the ingest writer, which keeps the call-level index in step.
        await using (var db = await factory.CreateDbContextAsync())
        {
            db.Database.SetCommandTimeout(TimeSpan.FromHours(2));
            await CallSearchIndex.RebuildAsync(db, default);
            var rebuilt = clock.Elapsed.TotalSeconds;
            await CallSearchIndex.OptimizeAsync(db, default);
            Console.WriteLine($"  rows inserted in {inserted:N0} s, CallSearch filled in {rebuilt - inserted:N0} s, optimized in {clock.Elapsed.TotalSeconds - rebuilt:N0} s");
        }
        var indexed = clock.Elapsed.TotalSeconds;
        await Exec(conn, "PRAGMA synchronous=FULL; ANALYZE; PRAGMA wal_checkpoint(TRUNCATE);");
        Console.WriteLine($"  ANALYZE and checkpoint in {clock.Elapsed.TotalSeconds - indexed:N0} s");
        Console.WriteLine($"Generated {calls:N0} calls ({calls * (long)perCall:N0} utterances) in {clock.Elapsed.TotalSeconds:N0} s ({calls / clock.Elapsed.TotalSeconds:N0} calls/s; load average {File.ReadAllText("/proc/loadavg").Split(' ')[0]}).");
    }

    /// <summary>A topic index with Zipf-like weights: topic k is chosen about 1/(k+1) as often as topic 0.</summary>
    private static int Topic(Random random, int count)
    {
        var total = 0.0;
        for (var k = 0; k < count; k++) total += 1.0 / (k + 1);
        var x = random.NextDouble() * total;
        for (var k = 0; k < count; k++)
        {
            x -= 1.0 / (k + 1);
            if (x <= 0) return k;
        }
        return count - 1;
    }

    /// <summary>Two in three utterances are glue; the rest come from the call's own two topics.</summary>
    private static string Sentence(Random random, bool japanese, int[] topics)
    {
        var common = japanese ? JapaneseCommon : EnglishCommon;
        var template = random.Next(3) < 2
            ? common[random.Next(common.Length)]
            : (japanese ? JapaneseTopics : EnglishTopics)[topics[random.Next(topics.Length)]][random.Next(2)];
        return template
            .Replace("{company}", Companies[random.Next(Companies.Length)])
            .Replace("{product}", Products[random.Next(Products.Length)])
            .Replace("{day}", japanese ? Days[random.Next(Days.Length)] : EnDays[random.Next(EnDays.Length)]);
    }

    /// <summary>EF Core's SQLite text format for DateTime, so LINQ comparisons on these rows work.</summary>
    private static string Ts(DateTime t) => t.ToString("yyyy-MM-dd HH:mm:ss");

    private static SqliteCommand Command(SqliteConnection conn, string sql, params string[] names)
    {
        var cmd = conn.CreateCommand();
        cmd.CommandText = sql;
        foreach (var name in names) cmd.Parameters.Add(new SqliteParameter { ParameterName = name });
        return cmd;
    }

    private static void Set(SqliteCommand cmd, params object[] values)
    {
        for (var i = 0; i < values.Length; i++) cmd.Parameters[i].Value = values[i];
    }

    private static async Task Exec(SqliteConnection conn, string sql)
    {
        await using var cmd = conn.CreateCommand();
        cmd.CommandTimeout = 0;
        cmd.CommandText = sql;
        await cmd.ExecuteNonQueryAsync();
    }
}

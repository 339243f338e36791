namespace MiiTelDashboard.Demo;

/// <summary>A rep of the demo company. <see cref="TalkBias"/> and friends give each one a recognisable style.</summary>
public sealed record DemoUser(
    string Name, string LoginId, int Circuit, bool Japanese, bool Female,
    double TalkBias, double OverlapRate, double SilenceRate, double Positivity);

public sealed record DemoCircuit(string Number, string Name);

public sealed record DemoContact(string? Name, string? Company, string Number);

/// <summary>
/// The cast and the lines of the demo: a Tokyo SaaS company selling call analytics, four
/// circuits (lines), fifteen reps, and a sales conversation in Japanese and in English whose
/// lines are picked in order of the call's progress (opening → discovery → proposal → objection → close).
/// </summary>
public static class DemoScript
{
    public const string CompanyJa = "ミライコール株式会社";
    public const string CompanyEn = "MiraiCall";

    public static readonly DemoCircuit[] Circuits =
    [
        new("0345670001", "東京営業部"),
        new("0667890002", "大阪インサイドセールス"),
        new("0345670003", "Global Sales"),
        new("0120555004", "カスタマーサクセス"),
    ];

    // TalkBias is the rep's usual operator talk share; the spread makes the ranking pages interesting.
    public static readonly DemoUser[] Users =
    [
        new("佐藤 健太", "k.sato", 0, true, false, 0.62, 0.12, 0.05, 0.45),
        new("鈴木 美咲", "m.suzuki", 0, true, true, 0.42, 0.04, 0.06, 0.62),
        new("高橋 翔", "s.takahashi", 0, true, false, 0.55, 0.09, 0.10, 0.40),
        new("田中 優子", "y.tanaka", 0, true, true, 0.38, 0.03, 0.08, 0.58),
        new("伊藤 大輔", "d.ito", 1, true, false, 0.68, 0.15, 0.04, 0.35),
        new("渡辺 彩", "a.watanabe", 1, true, true, 0.45, 0.05, 0.07, 0.66),
        new("山本 拓也", "t.yamamoto", 1, true, false, 0.50, 0.07, 0.12, 0.48),
        new("中村 さくら", "s.nakamura", 1, true, true, 0.41, 0.06, 0.05, 0.55),
        new("小林 直樹", "n.kobayashi", 3, true, false, 0.47, 0.05, 0.09, 0.52),
        new("加藤 由美", "y.kato", 3, true, true, 0.36, 0.02, 0.06, 0.70),
        new("Edgardo Ruiz", "e.ruiz", 2, false, false, 0.56, 0.08, 0.05, 0.50),
        new("Emily Carter", "e.carter", 2, false, true, 0.43, 0.04, 0.04, 0.64),
        new("James Wilson", "j.wilson", 2, false, false, 0.64, 0.13, 0.06, 0.38),
        new("Olivia Brown", "o.brown", 2, false, true, 0.40, 0.05, 0.09, 0.57),
        new("Noah Davis", "n.davis", 3, false, false, 0.49, 0.06, 0.08, 0.46),
    ];

    public static readonly string[] CompaniesJa =
    [
        "株式会社サクラ物流", "青葉商事株式会社", "株式会社みなと不動産", "北斗システム株式会社", "株式会社ひかり保険サービス",
        "東邦メディカル株式会社", "株式会社コスモ人材", "大和エネルギー株式会社", "株式会社ふじ食品", "株式会社あおぞら教育",
    ];

    public static readonly string[] CompaniesEn =
    [
        "Northwind Traders", "Contoso Ltd", "Fabrikam Inc", "Blue Yonder Airlines", "Tailspin Toys",
        "Wingtip Health", "Adventure Works", "Litware Inc", "Proseware Ltd", "Alpine Ski House",
    ];

    public static readonly string[] ContactsJa = ["山田 太郎", "松本 恵", "井上 誠", "木村 洋子", "林 浩二", "清水 香織", "山口 修", "森 真由美", "池田 隆", "橋本 奈々"];
    public static readonly string[] ContactsEn = ["Mark Johnson", "Sarah Lee", "David Kim", "Laura Smith", "Chris Taylor", "Anna White", "Peter Hall", "Grace Young", "Ryan King", "Megan Scott"];

    public static readonly string[] ManagersJa = ["部長 山田", "課長 佐々木"];
    public static readonly string[] ManagersEn = ["Manager Sarah Lee", "Coach Tom Baker"];

    public static readonly string[] FillersJa = ["えー、", "あの、", "えっと、", "まあ、"];
    public static readonly string[] FillersEn = ["um, ", "uh, ", "you know, ", "so, "];

    public static readonly string[] KeywordsJa = ["料金", "デモ", "競合", "見積もり", "予算", "資料", "トライアル"];
    public static readonly string[] KeywordsEn = ["pricing", "demo", "competitor", "quote", "budget", "trial", "cost"];

    public static readonly string[] TagsJa = ["アポ獲得", "資料送付", "折り返し希望", "検討中", "受付突破", "失注", "担当者不在"];
    public static readonly string[] TagsEn = ["Demo booked", "Follow-up", "Send proposal", "Not interested", "Pricing question", "Left Message"];
    public const string SystemTagJa = "競合言及";
    public const string SystemTagEn = "Competitor mentioned";

    public static readonly string[] CommentsJa =
    [
        "冒頭の名乗りが速いので、もう少しゆっくり話しましょう。",
        "お客様の課題を深掘りできていて良いです。",
        "料金の話が早すぎます。先に価値を伝えましょう。",
        "沈黙の後のフォローが丁寧でした。",
        "相手の話に被せる場面が多いので注意。",
    ];

    public static readonly string[] CommentsEn =
    [
        "Great discovery questions here.",
        "You jumped to pricing too early; lead with value.",
        "Let the customer finish before answering.",
        "Nice recovery after the objection.",
        "Slow down in the opening.",
    ];

    public static readonly string[] OperatorJa =
    [
        "お世話になっております。{me}の{op}と申します。",
        "先日は資料をダウンロードいただきありがとうございました。",
        "本日は{company}様の営業体制についてお伺いできればと思いお電話しました。",
        "今お時間二、三分ほどよろしいでしょうか。",
        "現在、お電話での営業はどのくらいの件数をされていますか。",
        "通話の内容は今どのように共有されていますか。",
        "新人の方の育成で課題に感じていることはありますか。",
        "なるほど、録音を聞き返す時間が取れないということですね。",
        "ちなみに、今お使いのツールはございますか。",
        "弊社のサービスでは通話を自動で文字起こしして、話す割合や沈黙を見える化できます。",
        "トップセールスの方の話し方を数値で比較できるのが特長です。",
        "導入いただいた企業様ではアポ獲得率が一・五倍になった例もございます。",
        "料金はユーザー数に応じた月額制になっております。",
        "おっしゃる通り、費用対効果は気になるところかと思います。",
        "競合の製品と比べますと、日本語の認識精度に強みがございます。",
        "まずは無料トライアルで効果をご確認いただけます。",
        "では一度、オンラインでデモをご覧いただくのはいかがでしょうか。",
        "来週の火曜日か木曜日の午後でご都合いかがでしょうか。",
        "それでは見積もりと資料をメールでお送りいたします。",
        "本日はお忙しいところありがとうございました。失礼いたします。",
    ];

    public static readonly string[] CustomerJa =
    [
        "はい、{company}の{customer}です。",
        "あー、はい、資料は拝見しました。",
        "少しでしたら大丈夫ですよ。",
        "一日に一人三十件くらいは掛けていますね。",
        "正直、共有はほとんどできていないです。",
        "新人が独り立ちするまでに時間がかかるのが悩みですね。",
        "今は特にツールは使っていないです。",
        "なるほど、それは便利そうですね。",
        "料金はどのくらいになりますか。",
        "他社さんの製品も少し検討しているんですよ。",
        "社内で一度相談してみないと何とも言えないですね。",
        "予算の時期が四月なので、それまでは難しいかもしれません。",
        "デモは見てみたいですね。",
        "木曜日の午後なら空いています。",
        "では資料をお送りいただけますか。",
        "ありがとうございます。失礼します。",
    ];

    public static readonly string[] OperatorEn =
    [
        "Hi, this is {op} from {me}. Is this {customer}?",
        "Thanks for downloading our guide last week.",
        "I'm calling to learn a bit about how your sales team at {company} handles calls today.",
        "Do you have two minutes?",
        "How many calls does each rep make in a typical day?",
        "How do you review calls with new reps at the moment?",
        "Got it, so nobody has time to listen back to recordings.",
        "Are you using any tool for that today?",
        "We transcribe every call automatically and show talk ratio, overlaps and silences.",
        "You can compare your top performers with the rest of the team in numbers.",
        "One customer raised their meeting rate by fifty percent in a quarter.",
        "Our pricing is per user per month, and there is no setup fee.",
        "That's a fair point, budget always matters.",
        "Compared to a competitor, our speech recognition handles Japanese and English.",
        "You could start with a free two-week trial.",
        "Would you be open to a short demo next week?",
        "How does Tuesday or Thursday afternoon look?",
        "Great, I'll send over the quote and a calendar invite.",
        "Thanks for your time today, have a great afternoon.",
    ];

    public static readonly string[] CustomerEn =
    [
        "Speaking, this is {customer} at {company}. What's this about?",
        "Oh right, I did read it.",
        "Sure, I have a couple of minutes.",
        "Around forty calls a day per rep, I'd say.",
        "Honestly, we don't really review them.",
        "Onboarding new people takes far too long.",
        "No, nothing in place right now.",
        "Okay, that sounds useful.",
        "What does it cost?",
        "We're also looking at a competitor.",
        "I'd need to check with my manager first.",
        "Our budget resets in April.",
        "A demo could work.",
        "Thursday afternoon is fine.",
        "Please send me the details by email.",
        "Thanks, bye.",
    ];

    public const string IncomingGreetingJa = "お電話ありがとうございます。{me}の{op}でございます。";
    public const string IncomingGreetingEn = "Thank you for calling {me}, this is {op} speaking.";
    public const string TransferJa = "担当の者にお繋ぎしますので、少々お待ちください。";
    public const string TransferEn = "Let me transfer you to the right person, one moment please.";

    public const string MinutesJa = "【概要】{company}の{customer}様と営業電話の振り返り方法について会話。\n【課題】新人育成に時間がかかる、通話の共有ができていない。\n【次のアクション】デモ日程の調整、見積もりと資料の送付。";
    public const string MinutesEn = "Summary: talked with {customer} ({company}) about how they review sales calls.\nPain points: slow onboarding, no call reviews.\nNext steps: schedule a demo, send the quote.";
}

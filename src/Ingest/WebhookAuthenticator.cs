using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using MiiTelDashboard.Data;

namespace MiiTelDashboard.Ingest;

/// <summary>
/// Decides whether a request may deliver calls. The endpoint never runs open: with no token or
/// Basic credentials configured, a strong token is generated once and kept under data/.
/// </summary>
public sealed class WebhookAuthenticator
{
    public const string TokenFileName = "webhook-token.txt";

    // The token and its hash change together when an Admin rotates a generated token: one reference, swapped whole.
    private volatile Bearer? _bearer;
    private readonly byte[]? _basicHash;
    private readonly byte[]? _paramsKeyHash;
    private readonly IPNetwork[] _allowed;

    public WebhookAuthenticator(IOptions<WebhookOptions> options, DataFolder folder, ILogger<WebhookAuthenticator> logger)
    {
        var o = options.Value;
        var hasBasic = !string.IsNullOrEmpty(o.BasicUser);
        var token = o.BearerToken is { Length: > 0 } configured ? configured : hasBasic ? null : LoadOrCreateToken(folder.Path, out _tokenGenerated);
        TokenFile = token is not null && string.IsNullOrEmpty(o.BearerToken) ? folder.Combine(TokenFileName) : null;
        _bearer = token is null ? null : new Bearer(token, Hash(token));
        _basicHash = hasBasic ? Hash($"{o.BasicUser}:{o.BasicPassword}") : null;
        _paramsKeyHash = string.IsNullOrEmpty(o.ParamsKey) ? null : Hash(o.ParamsKey);
        _allowed = o.AllowedSources.Select(s => IPNetwork.TryParse(s, out var n) ? n : new IPNetwork(IPAddress.Parse(s), IPAddress.Parse(s).GetAddressBytes().Length * 8)).ToArray();
        // The file's path, never its content: a log travels to places (consoles, collectors, tickets) a secret must not.
        if (TokenFile is not null)
        {
            logger.LogWarning(
                "MiiTel webhook token {How} {File}. An admin sees it, and the headers to paste into MiiTel Admin → Outgoing Webhook, on the Integration page (/integration).",
                TokenGenerated ? "generated and saved to" : "read from", TokenFile);
        }
    }

    private sealed record Bearer(string Token, byte[] Hash);

    /// <summary>The bearer token MiiTel must send, when bearer auth is on.</summary>
    public string? BearerToken => _bearer?.Token;

    /// <summary>A generated token (kept in <see cref="TokenFile"/>) can be rotated from the Integration page; a configured one is changed where it is configured.</summary>
    public bool CanRotate => TokenFile is not null;

    /// <summary>
    /// Replaces the generated token: a new owner-only file is written beside the old one and renamed over
    /// it (a crash leaves the old token or the new, never half of one), then the new token is the one
    /// accepted. MiiTel must be given the new headers; until then its deliveries get 401.
    /// </summary>
    public void Rotate()
    {
        if (TokenFile is not { } file) throw new InvalidOperationException("The webhook token is configured (MiiTel:Webhook:BearerToken); change it there.");
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        var next = file + ".new";
        File.Delete(next);
        WriteOwnerOnly(next, token);
        File.Move(next, file, overwrite: true);
        _bearer = new Bearer(token, Hash(token));
    }

    /// <summary>Where the generated token lives, when it was not configured.</summary>
    public string? TokenFile { get; }

    /// <summary>The token was made at this start (none was configured or saved before).</summary>
    public bool TokenGenerated => _tokenGenerated;

    private readonly bool _tokenGenerated;

    public bool UsesBasic => _basicHash is not null;

    /// <summary>The JSON to paste into MiiTel's "Additional headers" box.</summary>
    public string AdditionalHeadersJson => BearerToken is not null
        ? JsonSerializer.Serialize(new Dictionary<string, string> { ["Authorization"] = $"Bearer {BearerToken}" })
        : """{"Authorization":"Basic <base64 of user:password>"}""";

    /// <summary>Null when the request may deliver; otherwise why not (never echoing a secret).</summary>
    public string? CheckRequest(HttpContext context)
    {
        if (_allowed.Length > 0)
        {
            var ip = context.Connection.RemoteIpAddress;
            if (ip is null || !_allowed.Any(n => n.Contains(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip)))
                return $"Source address {ip} is not in MiiTel:Webhook:AllowedSources.";
        }

        var header = context.Request.Headers.Authorization.ToString();
        if (header.Length == 0) return "The Authorization header is missing.";
        if (_bearer is { } bearer && header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            && CryptographicOperations.FixedTimeEquals(Hash(header["Bearer ".Length..].Trim()), bearer.Hash))
            return null;
        if (_basicHash is not null && header.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)
            && TryDecodeBasic(header["Basic ".Length..].Trim()) is { } credentials
            && CryptographicOperations.FixedTimeEquals(Hash(credentials), _basicHash))
            return null;
        return "The Authorization header does not carry valid credentials.";
    }

    /// <summary>Null when <c>params_key</c> is not required or matches.</summary>
    public string? CheckParamsKey(string? paramsKey)
    {
        if (_paramsKeyHash is null) return null;
        if (paramsKey is null) return "The body has no params_key, and MiiTel:Webhook:ParamsKey is set.";
        return CryptographicOperations.FixedTimeEquals(Hash(paramsKey), _paramsKeyHash) ? null : "params_key does not match.";
    }

    // Hashing first makes the comparison constant-time regardless of the lengths involved.
    private static byte[] Hash(string value) => SHA256.HashData(Encoding.UTF8.GetBytes(value));

    private static string? TryDecodeBasic(string encoded)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(encoded));
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static string LoadOrCreateToken(string directory, out bool generated)
    {
        var file = Path.Combine(directory, TokenFileName);
        if (File.Exists(file))
        {
            if (File.ReadAllText(file).Trim() is { Length: >= 32 } existing)
            {
                generated = false;
                return existing;
            }
            // Too short to be a token (empty after a crash mid-write): replaced by a new file, not rewritten in place, so its mode is the one below.
            File.Delete(file);
        }
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        DataExtensions.CreateOwnerOnlyDirectory(directory);
        WriteOwnerOnly(file, token);
        generated = true;
        return token;
    }

    private static void WriteOwnerOnly(string file, string token)
    {
        // Owner-only from the moment it exists (the mode is given to open(2)); CreateNew never follows a file planted in its place.
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows()) options.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        using var writer = new StreamWriter(file, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), options);
        writer.WriteLine(token);
    }
}

using System.Text.RegularExpressions;

namespace Fcan.Grains.Hosting;

/// <summary>
/// Removes secrets from anything the CLI or a silo prints or logs: passwords in URIs (`postgres://user:pw@host`), keys
/// and passwords in connection strings (`AccountKey=...`, `Password=...`) and SAS signatures. Every line the CLI writes
/// and every error fcan-silo reports passes through here, so a message that quotes a connection string cannot leak it.
/// </summary>
public static partial class SecretRedactor
{
    public const string Mask = "***";

    public static string Redact(string text)
    {
        var redacted = UserInfoPassword().Replace(text, m => $"{m.Groups["head"].Value}{Mask}@");
        redacted = RedisPasswordOnly().Replace(redacted, m => $"{m.Groups["head"].Value}{Mask}@");
        redacted = ConnectionStringSecret().Replace(redacted, m => $"{m.Groups["key"].Value}={Mask}");
        return QuerySignature().Replace(redacted, m => $"{m.Groups["key"].Value}={Mask}");
    }

    // scheme://user:password@ — greedy up to the last @ of the word, since a password may itself hold an @.
    [GeneratedRegex(@"(?<head>[a-zA-Z][a-zA-Z0-9+.\-]*://[^:/@\s]*:)[^\s""']+@")]
    private static partial Regex UserInfoPassword();

    // redis://password@ — Redis URIs may carry the password alone, without a user and ':'.
    [GeneratedRegex(@"(?<head>\brediss?://)(?!\*\*\*@)[^:/@\s""']+@", RegexOptions.IgnoreCase)]
    private static partial Regex RedisPasswordOnly();

    [GeneratedRegex(@"(?<key>\b(?:AccountKey|SharedAccessKey|SharedAccessSignature|Password|Pwd|AccessKey|Secret|Token))\s*=\s*[^;\s""']*", RegexOptions.IgnoreCase)]
    private static partial Regex ConnectionStringSecret();

    [GeneratedRegex(@"(?<key>[?&](?:sig|password|pwd|token))=[^&\s""']*", RegexOptions.IgnoreCase)]
    private static partial Regex QuerySignature();
}

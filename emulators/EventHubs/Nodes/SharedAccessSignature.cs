using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Pipeline.Emulators.EventHubs.Nodes;

/// <summary>
/// Verifies <c>SharedAccessSignature sr=..&amp;sig=..&amp;se=..&amp;skn=..</c> tokens: the signature is HMAC-SHA256 over
/// the URL-encoded audience, a newline and the expiry, keyed with the namespace's shared access key.
/// </summary>
internal static class SharedAccessSignature
{
    private const string Prefix = "SharedAccessSignature ";

    public static (string? Audience, DateTimeOffset Expiry, string? Failure) Validate(string? token, string keyName, string key, DateTimeOffset now)
    {
        if (token is null || !token.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return (null, default, "InvalidToken: the token is not a SharedAccessSignature.");
        }

        var fields = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var pair in token[Prefix.Length..].Split('&'))
        {
            var equals = pair.IndexOf('=', StringComparison.Ordinal);
            if (equals > 0)
            {
                fields[pair[..equals].Trim()] = pair[(equals + 1)..].Trim();
            }
        }

        if (!fields.TryGetValue("sr", out var resource) || !fields.TryGetValue("sig", out var signature)
            || !fields.TryGetValue("se", out var expiryText) || !fields.TryGetValue("skn", out var tokenKeyName))
        {
            return (null, default, "InvalidToken: a SharedAccessSignature needs sr, sig, se and skn.");
        }

        if (!long.TryParse(expiryText, NumberStyles.None, CultureInfo.InvariantCulture, out var expirySeconds))
        {
            return (null, default, "InvalidToken: se is not a number of seconds.");
        }

        if (!string.Equals(Uri.UnescapeDataString(tokenKeyName), keyName, StringComparison.Ordinal))
        {
            return (null, default, $"InvalidSignature: the shared access key '{Uri.UnescapeDataString(tokenKeyName)}' does not exist on this namespace.");
        }

        var expected = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(resource + "\n" + expiryText));
        byte[] given;
        try
        {
            given = Convert.FromBase64String(Uri.UnescapeDataString(signature));
        }
        catch (FormatException)
        {
            return (null, default, "InvalidSignature: the signature is not base64.");
        }

        if (!CryptographicOperations.FixedTimeEquals(expected, given))
        {
            return (null, default, "InvalidSignature: The token has an invalid signature.");
        }

        var expiry = DateTimeOffset.FromUnixTimeSeconds(Math.Min(expirySeconds, 253402300799));
        if (expiry <= now)
        {
            return (null, default, $"ExpiredToken: The token is expired. Expiration time: '{expiry:u}', current time: '{now:u}'.");
        }

        return (Uri.UnescapeDataString(resource), expiry, null);
    }
}

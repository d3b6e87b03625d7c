using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Pipeline.EventHubs.Authorization;

/// <summary>
/// Builds and reads Event Hubs shared access signatures:
/// <c>SharedAccessSignature sr=&lt;resource&gt;&amp;sig=&lt;HMAC-SHA256&gt;&amp;se=&lt;expiry&gt;&amp;skn=&lt;key name&gt;</c>.
/// </summary>
internal static class SharedAccessSignature
{
    private const string Prefix = "SharedAccessSignature ";

    /// <summary>Signs <paramref name="resource"/> with the key so that it is valid until <paramref name="expiresOn"/>.</summary>
    public static string Create(string resource, string keyName, string key, DateTimeOffset expiresOn)
    {
        string encodedResource = WebUtility.UrlEncode(resource);
        string expiry = expiresOn.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        byte[] signature = HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(encodedResource + "\n" + expiry));
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{Prefix}sr={encodedResource}&sig={WebUtility.UrlEncode(Convert.ToBase64String(signature))}&se={expiry}&skn={WebUtility.UrlEncode(keyName)}");
    }

    /// <summary>Reads the expiry (<c>se</c>) of a signature, so a pre-computed token is not used past its lifetime.</summary>
    public static DateTimeOffset ReadExpiry(string signature)
    {
        string body = signature.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase) ? signature[Prefix.Length..] : signature;
        foreach (var part in body.Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            int separator = part.IndexOf('=', StringComparison.Ordinal);
            if (separator > 0 && part[..separator].Trim().Equals("se", StringComparison.OrdinalIgnoreCase)
                && long.TryParse(WebUtility.UrlDecode(part[(separator + 1)..]), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seconds))
            {
                return DateTimeOffset.FromUnixTimeSeconds(seconds);
            }
        }

        throw new FormatException("The shared access signature has no valid expiry ('se').");
    }
}

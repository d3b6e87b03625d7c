using System.Security.Cryptography;
using System.Text;
using Pipeline.Emulators.Cosmos.Errors;
using Pipeline.Emulators.Cosmos.Handlers;

namespace Pipeline.Emulators.Cosmos.Auth;

/// <summary>
/// Verifies the master-key `Authorization` header: an HMAC-SHA256 with the account key over
/// verb, resource type, resource link and date, exactly as the SDKs sign it.
/// </summary>
internal sealed class MasterKeyAuthenticator
{
    // One HMAC per thread, keyed once: HMACSHA256.HashData sets up a new OpenSSL MAC context with the key on every
    // call, which was a visible share of a small request's CPU. Keyed by the key array so two emulators never share one.
    [ThreadStatic]
    private static (byte[] Key, IncrementalHash Hmac)? perThread;

    private readonly byte[] key;

    public MasterKeyAuthenticator(string accountKey)
    {
        try
        {
            key = Convert.FromBase64String(accountKey);
        }
        catch (FormatException ex)
        {
            throw new ArgumentException("The account key must be base64.", nameof(accountKey), ex);
        }
    }

    public void Verify(GatewayRequest request)
    {
        var header = request.Header("authorization");
        if (string.IsNullOrEmpty(header))
        {
            throw Fail.UnauthorizedHeader("Required Header authorization is missing. Ensure a valid Authorization token is defined for the operation.");
        }

        var token = Uri.UnescapeDataString(header);
        string? type = null;
        string? signature = null;
        foreach (var part in token.Split('&'))
        {
            var eq = part.IndexOf('=', StringComparison.Ordinal);
            if (eq <= 0)
            {
                continue;
            }

            var name = part[..eq];
            var value = part[(eq + 1)..];
            if (name == "type")
            {
                type = value;
            }
            else if (name == "sig")
            {
                signature = value;
            }
        }

        if (type != "master" || string.IsNullOrEmpty(signature))
        {
            throw Fail.UnauthorizedHeader("The input authorization token can't serve the request. Only master key authorization (type=master) is supported by this emulator.");
        }

        var date = request.Header("x-ms-date") ?? request.Header("date") ?? string.Empty;
        var verb = request.Method.ToLowerInvariant();
        var resourceType = request.ResourceType.ToLowerInvariant();
        string? firstPayload = null;
        foreach (var link in request.SignedLinkCandidates())
        {
            var payload = verb + "\n" + resourceType + "\n" + link + "\n" + date.ToLowerInvariant() + "\n\n";
            firstPayload ??= payload;
            if (Matches(payload, signature))
            {
                return;
            }
        }

        throw Fail.Unauthorized(firstPayload!.Replace("\n", "\\n", StringComparison.Ordinal));
    }

    private bool Matches(string payload, string signature)
    {
        Span<byte> expected = stackalloc byte[32];
        var hmac = Hmac();
        hmac.AppendData(Encoding.UTF8.GetBytes(payload));
        hmac.GetHashAndReset(expected);
        Span<byte> given = stackalloc byte[64];
        return Convert.TryFromBase64String(signature, given, out var written)
            && written == 32
            && CryptographicOperations.FixedTimeEquals(expected, given[..written]);
    }

    private IncrementalHash Hmac()
    {
        if (perThread is { } cached && ReferenceEquals(cached.Key, key))
        {
            return cached.Hmac;
        }

        perThread?.Hmac.Dispose();
        var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, key);
        perThread = (key, hmac);
        return hmac;
    }
}

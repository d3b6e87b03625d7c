using System.Text;
using System.Text.Json;
using Amqp;
using Pipeline.Emulators.EventHubs.Amqp;

namespace Pipeline.Emulators.EventHubs.Nodes;

/// <summary>
/// The <c>$cbs</c> node: clients put a token per audience before attaching; a valid SAS token (or, in
/// development mode, any Entra ID jwt) grants the connection access to that audience until the token expires.
/// </summary>
internal sealed class CbsNode(string keyName, string key, bool acceptJwt)
{
    private const string SasTokenType = "servicebus.windows.net:sastoken";
    private const string JwtTokenType = "jwt";

    public Message Handle(Message request, ConnectionContext connection)
    {
        var operation = NodeResponse.ApplicationProperty(request, "operation");
        if (!string.Equals(operation, "put-token", StringComparison.Ordinal))
        {
            return NodeResponse.Create(400, $"The $cbs operation '{operation}' is not supported; use put-token.", errorCondition: "com.microsoft:argument-error");
        }

        var type = NodeResponse.ApplicationProperty(request, "type");
        var audience = NodeResponse.ApplicationProperty(request, "name");
        if (audience is null)
        {
            return NodeResponse.Create(400, "The put-token request has no 'name' (audience) application property.", errorCondition: "com.microsoft:argument-error");
        }

        var token = request.Body as string;
        var now = DateTimeOffset.UtcNow;
        switch (type)
        {
            case SasTokenType:
                var (resource, expiry, failure) = SharedAccessSignature.Validate(token, keyName, key, now);
                if (failure is not null)
                {
                    return NodeResponse.Create(401, failure, errorCondition: "amqp:unauthorized-access");
                }

                var granted = Audience.Normalize(resource!);
                var requested = Audience.Normalize(audience);
                if (!Audience.Covers(granted, requested))
                {
                    return NodeResponse.Create(401, $"InvalidAudience: the token is for '{resource}', not for '{audience}'.", errorCondition: "amqp:unauthorized-access");
                }

                connection.Grant(requested, expiry);
                return NodeResponse.Create(202, "Accepted");

            case JwtTokenType when acceptJwt:
                connection.Grant(Audience.Normalize(audience), JwtExpiry(token) ?? now.AddHours(1));
                return NodeResponse.Create(202, "Accepted");

            case JwtTokenType:
                return NodeResponse.Create(401, "Entra ID tokens are not accepted by this emulator; use a shared access signature.", errorCondition: "amqp:unauthorized-access");

            default:
                return NodeResponse.Create(400, $"The token type '{type}' is not supported.", errorCondition: "com.microsoft:argument-error");
        }
    }

    /// <summary>The exp claim of a jwt; the signature cannot be checked locally, the expiry still applies.</summary>
    private static DateTimeOffset? JwtExpiry(string? token)
    {
        var parts = token?.Split('.');
        if (parts is not { Length: 3 })
        {
            return null;
        }

        try
        {
            var payload = parts[1].Replace('-', '+').Replace('_', '/');
            payload = payload.PadRight(payload.Length + ((4 - (payload.Length % 4)) % 4), '=');
            using var json = JsonDocument.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(payload)));
            return json.RootElement.TryGetProperty("exp", out var exp) && exp.TryGetInt64(out var seconds)
                ? DateTimeOffset.FromUnixTimeSeconds(seconds)
                : null;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return null;
        }
    }
}

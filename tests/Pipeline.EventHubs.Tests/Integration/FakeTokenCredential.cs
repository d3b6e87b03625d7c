using System.Text;
using System.Text.Json;
using Azure.Core;

namespace Pipeline.EventHubs.Tests.Integration;

/// <summary>Issues unsigned JWTs with a chosen lifetime (the emulator's development mode checks only their expiry).</summary>
internal sealed class FakeTokenCredential(TimeSpan lifetime) : TokenCredential
{
    private int _calls;

    public int Calls => Volatile.Read(ref _calls);

    public List<string[]> Scopes { get; } = [];

    public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _calls);
        lock (Scopes)
        {
            Scopes.Add(requestContext.Scopes);
        }

        // Whole seconds, as in the exp claim, so client and service agree on the expiry.
        var expiresOn = DateTimeOffset.FromUnixTimeSeconds((DateTimeOffset.UtcNow + lifetime).ToUnixTimeSeconds());
        string header = Encode("""{"alg":"none","typ":"JWT"}""");
        string payload = Encode(JsonSerializer.Serialize(new { aud = "https://eventhubs.azure.net", exp = expiresOn.ToUnixTimeSeconds() }));
        return new AccessToken($"{header}.{payload}.", expiresOn);
    }

    public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
        ValueTask.FromResult(GetToken(requestContext, cancellationToken));

    private static string Encode(string json) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(json)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

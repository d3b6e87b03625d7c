using Pipeline.EventHubs.Authorization;

namespace Pipeline.EventHubs.Tests.Unit;

public class SharedAccessSignatureTests
{
    [Fact]
    public void Signature_is_hmac_sha256_of_the_encoded_resource_and_expiry()
    {
        // Expected value computed independently (Python hmac/base64/urllib.parse.quote_plus).
        string token = SharedAccessSignature.Create(
            "sb://ns.servicebus.windows.net/hub", "RootManageSharedAccessKey", "SAS_KEY_VALUE", DateTimeOffset.FromUnixTimeSeconds(1700000000));

        Assert.Equal(
            "SharedAccessSignature sr=sb%3A%2F%2Fns.servicebus.windows.net%2Fhub&sig=l%2BUgnjvCPLGvtfTpVTnAT3OfaUucrhjs7Fjz5HK%2BeWA%3D&se=1700000000&skn=RootManageSharedAccessKey",
            token);
    }

    [Fact]
    public void Expiry_is_read_back_from_a_signature()
    {
        var expiry = DateTimeOffset.FromUnixTimeSeconds(1800000000);
        string token = SharedAccessSignature.Create("sb://h/hub", "k", "v", expiry);

        Assert.Equal(expiry, SharedAccessSignature.ReadExpiry(token));
    }

    [Fact]
    public void Signature_without_expiry_is_rejected()
    {
        Assert.Throws<FormatException>(() => SharedAccessSignature.ReadExpiry("SharedAccessSignature sr=a&sig=b&skn=c"));
    }

    [Fact]
    public async Task Key_provider_signs_each_audience_with_the_configured_lifetime()
    {
        var provider = new SharedAccessKeyTokenProvider("k", "v", TimeSpan.FromMinutes(20));
        var before = DateTimeOffset.UtcNow;

        var token = await provider.GetTokenAsync("sb://h/hub/Partitions/0", CancellationToken.None);

        Assert.Equal(CbsToken.SharedAccessSignatureType, token.TokenType);
        Assert.Contains("sr=sb%3A%2F%2Fh%2Fhub%2FPartitions%2F0", token.Token, StringComparison.Ordinal);
        Assert.InRange(token.ExpiresOn, before.AddMinutes(20).AddSeconds(-1), DateTimeOffset.UtcNow.AddMinutes(20).AddSeconds(1));
    }

    [Theory]
    [InlineData(3600, 3300)]
    [InlineData(10, 9)]
    [InlineData(100, 90)]
    public void Tokens_are_renewed_at_ninety_percent_of_their_lifetime_but_at_least_five_minutes_early(int lifetimeSeconds, int expectedDelaySeconds)
    {
        var now = DateTimeOffset.UtcNow;
        var delay = Amqp.CbsTokenRenewal.RefreshDelay(now, now.AddSeconds(lifetimeSeconds));

        Assert.Equal(TimeSpan.FromSeconds(expectedDelaySeconds), delay);
    }

    [Fact]
    public void Expired_tokens_are_renewed_immediately()
    {
        var now = DateTimeOffset.UtcNow;
        Assert.Equal(TimeSpan.Zero, Amqp.CbsTokenRenewal.RefreshDelay(now, now.AddSeconds(-5)));
    }
}

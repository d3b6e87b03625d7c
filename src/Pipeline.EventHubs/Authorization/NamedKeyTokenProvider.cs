using Azure;

namespace Pipeline.EventHubs.Authorization;

/// <summary>Signs SAS tokens with an <see cref="AzureNamedKeyCredential"/>, reading it on every token so key rotation takes effect.</summary>
internal sealed class NamedKeyTokenProvider : CbsTokenProvider
{
    private readonly AzureNamedKeyCredential _credential;
    private readonly TimeSpan _lifetime;

    public NamedKeyTokenProvider(AzureNamedKeyCredential credential, TimeSpan lifetime)
    {
        _credential = credential;
        _lifetime = lifetime;
    }

    public override ValueTask<CbsToken> GetTokenAsync(string audience, CancellationToken cancellationToken)
    {
        var (name, key) = _credential;
        var expiresOn = DateTimeOffset.UtcNow + _lifetime;
        return ValueTask.FromResult(new CbsToken(SharedAccessSignature.Create(audience, name, key, expiresOn), CbsToken.SharedAccessSignatureType, expiresOn));
    }
}

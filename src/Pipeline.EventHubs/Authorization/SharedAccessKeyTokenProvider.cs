namespace Pipeline.EventHubs.Authorization;

/// <summary>Signs a fresh SAS token per audience with a shared access key.</summary>
internal sealed class SharedAccessKeyTokenProvider : CbsTokenProvider
{
    private readonly string _keyName;
    private readonly string _key;
    private readonly TimeSpan _lifetime;

    public SharedAccessKeyTokenProvider(string keyName, string key, TimeSpan lifetime)
    {
        _keyName = keyName;
        _key = key;
        _lifetime = lifetime;
    }

    public override ValueTask<CbsToken> GetTokenAsync(string audience, CancellationToken cancellationToken)
    {
        var expiresOn = DateTimeOffset.UtcNow + _lifetime;
        return ValueTask.FromResult(new CbsToken(
            SharedAccessSignature.Create(audience, _keyName, _key, expiresOn), CbsToken.SharedAccessSignatureType, expiresOn));
    }
}

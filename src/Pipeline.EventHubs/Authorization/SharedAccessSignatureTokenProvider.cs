namespace Pipeline.EventHubs.Authorization;

/// <summary>Puts a pre-computed shared access signature (from a connection string or AzureSasCredential) on every audience.</summary>
internal sealed class SharedAccessSignatureTokenProvider : CbsTokenProvider
{
    private readonly Func<string> _signature;

    public SharedAccessSignatureTokenProvider(Func<string> signature) => _signature = signature;

    public override ValueTask<CbsToken> GetTokenAsync(string audience, CancellationToken cancellationToken)
    {
        string signature = _signature();
        return ValueTask.FromResult(new CbsToken(signature, CbsToken.SharedAccessSignatureType, SharedAccessSignature.ReadExpiry(signature)));
    }
}

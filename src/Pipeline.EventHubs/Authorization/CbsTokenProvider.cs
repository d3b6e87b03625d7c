namespace Pipeline.EventHubs.Authorization;

/// <summary>Produces the token that authorizes one audience (a namespace entity URI) on the <c>$cbs</c> node.</summary>
internal abstract class CbsTokenProvider
{
    public abstract ValueTask<CbsToken> GetTokenAsync(string audience, CancellationToken cancellationToken);
}

using Azure.Core;

namespace Pipeline.EventHubs.Authorization;

/// <summary>Gets Entra ID (JWT) tokens from an Azure.Core <see cref="TokenCredential"/>, e.g. DefaultAzureCredential.</summary>
internal sealed class TokenCredentialTokenProvider : CbsTokenProvider
{
    /// <summary>The scope Event Hubs tokens are issued for.</summary>
    public const string Scope = "https://eventhubs.azure.net/.default";

    private readonly TokenCredential _credential;

    public TokenCredentialTokenProvider(TokenCredential credential) => _credential = credential;

    public override async ValueTask<CbsToken> GetTokenAsync(string audience, CancellationToken cancellationToken)
    {
        var token = await _credential.GetTokenAsync(new TokenRequestContext([Scope]), cancellationToken).ConfigureAwait(false);
        return new CbsToken(token.Token, CbsToken.JsonWebTokenType, token.ExpiresOn);
    }
}

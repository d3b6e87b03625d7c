using System.Net.Http.Headers;
using Azure.Core;
using Azure.Identity;

namespace Pipeline.Cli.Load;

/// <summary>
/// Adds an Entra ID bearer token for a scope (e.g. the function app's App ID URI + "/.default") to every request,
/// from DefaultAzureCredential, renewing it five minutes before it expires: how `pipeline load` reaches an app with
/// Easy Auth instead of function keys.
/// </summary>
internal sealed class EntraTokenHandler(string scope, TokenCredential? credential = null) : DelegatingHandler(new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue })
{
    private readonly TokenCredential credential = credential ?? new DefaultAzureCredential();
    private readonly SemaphoreSlim refresh = new(1, 1);
    private AccessToken token;

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await TokenAsync(cancellationToken).ConfigureAwait(false));
        return await base.SendAsync(request, cancellationToken).ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            refresh.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task<string> TokenAsync(CancellationToken cancellationToken)
    {
        if (token.ExpiresOn > DateTimeOffset.UtcNow.AddMinutes(5))
        {
            return token.Token;
        }

        await refresh.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (token.ExpiresOn <= DateTimeOffset.UtcNow.AddMinutes(5))
            {
                token = await credential.GetTokenAsync(new TokenRequestContext([scope]), cancellationToken).ConfigureAwait(false);
            }

            return token.Token;
        }
        finally
        {
            refresh.Release();
        }
    }
}

namespace Pipeline.Cli.Load;

/// <summary>Where the function app is and how to authenticate to it: a function key, an Entra ID scope, or nothing (anonymous routes).</summary>
/// <param name="BaseAddress">The app's root, e.g. http://localhost:7071/ or https://app.azurewebsites.net/.</param>
/// <param name="FunctionKey">Sent as <c>x-functions-key</c>.</param>
/// <param name="EntraScope">A scope to request a token for with DefaultAzureCredential, sent as a bearer token.</param>
internal sealed record PipelineEndpoint(Uri BaseAddress, string? FunctionKey = null, string? EntraScope = null)
{
    /// <summary>A client for the app with the credentials attached; long-lived and shared by every sender.</summary>
    public HttpClient CreateClient(TimeSpan timeout)
    {
        HttpMessageHandler handler = EntraScope is { } scope
            ? new EntraTokenHandler(scope)
            : new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1) };
        var client = new HttpClient(handler) { BaseAddress = BaseAddress, Timeout = timeout };
        if (FunctionKey is { } key)
        {
            client.DefaultRequestHeaders.Add("x-functions-key", key);
        }

        return client;
    }
}

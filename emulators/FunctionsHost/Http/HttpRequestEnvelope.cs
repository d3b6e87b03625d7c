using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Pipeline.Emulators.FunctionsHost.Configuration;
using Pipeline.Emulators.FunctionsHost.Invocation;

namespace Pipeline.Emulators.FunctionsHost.Http;

/// <summary>
/// Builds the envelope the Functions host sends for an HTTP trigger that is not forwarded:
/// <c>Data.&lt;name&gt;</c> = {Url, Method, Query, Headers, Params, Identities, Body} and the trigger
/// metadata (Query, Headers, route parameters, sys).
/// </summary>
internal static class HttpRequestEnvelope
{
    internal const string AuthLevelClaimType = "http://schemas.microsoft.com/2017/07/functions/claims/authlevel";
    internal const string KeyIdClaimType = "http://schemas.microsoft.com/2017/07/functions/claims/keyid";

    public static async Task<JsonObject> BuildAsync(
        HttpRequest request,
        FunctionDefinition function,
        (AuthorizationLevel Level, string KeyName)? caller,
        CancellationToken cancellationToken)
    {
        var query = new JsonObject();
        foreach (var (name, values) in request.Query)
        {
            query[name] = values.ToString();
        }

        var headers = new JsonObject();
        var flatHeaders = new JsonObject();
        foreach (var (name, values) in request.Headers)
        {
            headers[name] = new JsonArray(values.Select(v => (JsonNode?)JsonValue.Create(v)).ToArray());
            flatHeaders[name] = values.ToString();
        }

        var parameters = new JsonObject();
        foreach (var (name, value) in request.RouteValues)
        {
            parameters[name] = Convert.ToString(value, CultureInfo.InvariantCulture);
        }

        var req = new JsonObject
        {
            ["Url"] = $"{request.Scheme}://{request.Host}{request.Path}{request.QueryString}",
            ["Method"] = request.Method,
            ["Query"] = query,
            ["Headers"] = headers,
            ["Params"] = parameters,
            ["Identities"] = Identities(caller),
        };

        if (request.ContentLength > 0)
        {
            using var buffer = new MemoryStream();
            await request.Body.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
            req["Body"] = IsOctetOrMultipart(request.ContentType)
                ? Convert.ToBase64String(buffer.GetBuffer(), 0, (int)buffer.Length)
                : System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
        }

        var metadata = new JsonObject
        {
            ["Query"] = query.DeepClone(),
            ["Headers"] = flatHeaders,
        };

        // Route parameters are binding data too; as plain strings they reach the handler JSON-encoded, like every non-object value.
        foreach (var (name, value) in parameters)
        {
            metadata[name] = System.Text.Json.JsonSerializer.Serialize(value?.GetValue<string>());
        }

        metadata["sys"] = SystemMetadata.Create(function.Name);
        return new JsonObject
        {
            ["Data"] = new JsonObject { [function.HttpTrigger!.Name] = req },
            ["Metadata"] = metadata,
        };
    }

    private static JsonArray Identities((AuthorizationLevel Level, string KeyName)? caller)
    {
        var claims = new JsonArray();
        if (caller is { } c)
        {
            claims.Add(Claim(AuthLevelClaimType, c.Level.ToString()));
            claims.Add(Claim(KeyIdClaimType, c.KeyName));
        }

        return
        [
            new JsonObject
            {
                ["AuthenticationType"] = caller is null ? null : "WebJobsAuthLevel",
                ["IsAuthenticated"] = caller is not null,
                ["Actor"] = null,
                ["BootstrapContext"] = null,
                ["Claims"] = claims,
                ["Label"] = null,
                ["Name"] = null,
                ["NameClaimType"] = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/name",
                ["RoleClaimType"] = "http://schemas.microsoft.com/ws/2008/06/identity/claims/role",
            },
        ];
    }

    private static JsonObject Claim(string type, string value) => new()
    {
        ["Issuer"] = "LOCAL AUTHORITY",
        ["OriginalIssuer"] = "LOCAL AUTHORITY",
        ["Properties"] = new JsonObject(),
        ["Subject"] = null,
        ["Type"] = type,
        ["Value"] = value,
        ["ValueType"] = "http://www.w3.org/2001/XMLSchema#string",
    };

    private static bool IsOctetOrMultipart(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media)
        && (string.Equals(media.MediaType.Value, "application/octet-stream", StringComparison.OrdinalIgnoreCase)
            || media.MediaType.Value?.Contains("multipart/", StringComparison.OrdinalIgnoreCase) == true);
}

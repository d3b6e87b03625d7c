using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Pipeline.Emulators.Cosmos;

namespace Pipeline.Benchmarks.Cosmos;

/// <summary>
/// Point reads and writes on `dbs/bench/colls/items` with a plain HttpClient and master-key signatures: the same
/// requests the SDK sends, without the SDK, as the baseline its cost is measured against.
/// </summary>
internal sealed class RawGateway : IDisposable
{
    private const string Collection = "dbs/bench/colls/items";
    private static readonly string Payload = new('x', 1024 - 60);
    private readonly HttpClient http;

    public RawGateway(Uri endpoint)
    {
        http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 64 }) { BaseAddress = endpoint };
    }

    public async Task<bool> ReadAsync(int item)
    {
        using var request = Read(item);
        using var response = await http.SendAsync(request).ConfigureAwait(false);
        _ = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
        return response.StatusCode == HttpStatusCode.OK ? true : throw new InvalidOperationException($"read {item}: {response.StatusCode}");
    }

    /// <summary>One real read response, to replay to the SDK without a server.</summary>
    public async Task<(HttpStatusCode Status, List<KeyValuePair<string, string>> Headers, byte[] Body)> RecordReadAsync(int item)
    {
        using var request = Read(item);
        using var response = await http.SendAsync(request).ConfigureAwait(false);
        var headers = response.Headers.Concat(response.Content.Headers)
            .Where(h => !h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            .Select(h => KeyValuePair.Create(h.Key, string.Join(",", h.Value)))
            .ToList();
        return (response.StatusCode, headers, await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false));
    }

    public Task<bool> CreateAsync(string id, int n) => WriteAsync(id, n, upsert: false);

    public Task<bool> UpsertAsync(string id, int n) => WriteAsync(id, n, upsert: true);

    public void Dispose() => http.Dispose();

    private HttpRequestMessage Read(int item)
    {
        var link = $"{Collection}/docs/{item.ToString(CultureInfo.InvariantCulture)}";
        var request = new HttpRequestMessage(HttpMethod.Get, new Uri(link, UriKind.Relative));
        Sign(request, "get", link);
        request.Headers.TryAddWithoutValidation("x-ms-documentdb-partitionkey", $"[\"p{item % 1000}\"]");
        return request;
    }

    private async Task<bool> WriteAsync(string id, int n, bool upsert)
    {
        var pk = "p" + (n % 1000).ToString(CultureInfo.InvariantCulture);
        var body = Encoding.UTF8.GetBytes($"{{\"id\":\"{id}\",\"pk\":\"{pk}\",\"payload\":\"{Payload}\"}}");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(Collection + "/docs", UriKind.Relative)) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        Sign(request, "post", Collection);
        request.Headers.TryAddWithoutValidation("x-ms-documentdb-partitionkey", $"[\"{pk}\"]");
        request.Headers.TryAddWithoutValidation("Prefer", "return=minimal");
        if (upsert)
        {
            request.Headers.TryAddWithoutValidation("x-ms-documentdb-is-upsert", "True");
        }

        using var response = await http.SendAsync(request).ConfigureAwait(false);
        return response.IsSuccessStatusCode ? true : throw new InvalidOperationException($"write {id}: {response.StatusCode}");
    }

    private static void Sign(HttpRequestMessage request, string verb, string link)
    {
        var date = DateTime.UtcNow.ToString("r", CultureInfo.InvariantCulture);
        var payload = $"{verb}\ndocs\n{link}\n{date.ToLowerInvariant()}\n\n";
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Convert.FromBase64String(CosmosEmulatorOptions.WellKnownKey), Encoding.UTF8.GetBytes(payload)));
        request.Headers.TryAddWithoutValidation("x-ms-date", date);
        request.Headers.TryAddWithoutValidation("authorization", Uri.EscapeDataString($"type=master&ver=1.0&sig={signature}"));
    }
}

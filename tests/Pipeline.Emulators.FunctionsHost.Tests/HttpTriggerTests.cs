using System.Net;
using System.Text;
using System.Text.Json.Nodes;

namespace Pipeline.Emulators.FunctionsHost.Tests;

public sealed class HttpTriggerTests : IAsyncLifetime
{
    private readonly TestApp _app = new(withoutFunctions: "Events");
    private readonly HttpClient _client = new();
    private FunctionsHost _host = null!;

    public async Task InitializeAsync()
    {
        _host = await FunctionsHost.StartAsync(_app.Options());
        _client.BaseAddress = _host.BaseAddress;
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        _client.Dispose();
        _app.Dispose();
    }

    [Fact]
    public async Task Forwarded_request_reaches_the_handler_on_the_same_path_and_its_response_comes_back_as_is()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "api/echo/42?x=1&y=two")
        {
            Content = new StringContent("hello", Encoding.UTF8, "text/plain"),
        };
        request.Headers.Add("x-functions-key", _host.Keys.DefaultFunctionKey);
        request.Headers.Add("X-Custom", "kept");

        using var response = await _client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.Equal("echo:hello", await response.Content.ReadAsStringAsync());
        var recorded = Assert.Single(_app.Recorded("/api/echo/42"));
        Assert.Equal("POST", (string?)recorded["method"]);
        Assert.Equal("?x=1&y=two", (string?)recorded["query"]);
        Assert.Equal("kept", (string?)recorded["headers"]!["X-Custom"]);
        Assert.False(string.IsNullOrEmpty((string?)recorded["headers"]!["X-Azure-Functions-InvocationId"]));
        Assert.Equal("hello", (string?)recorded["body"]);
    }

    [Fact]
    public async Task Function_level_route_without_a_key_is_401_and_reaches_no_handler()
    {
        using var response = await _client.PostAsync("api/echo/1", new StringContent("x"));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(_app.Recorded("/api/echo/1"));
    }

    [Fact]
    public async Task Key_in_the_code_query_parameter_is_accepted()
    {
        using var response = await _client.GetAsync($"api/echo?code={Uri.EscapeDataString(_host.Keys.DefaultFunctionKey)}");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task Admin_function_refuses_the_function_key_and_accepts_the_master_key()
    {
        using var withFunctionKey = new HttpRequestMessage(HttpMethod.Post, "api/AdminOnly");
        withFunctionKey.Headers.Add("x-functions-key", _host.Keys.DefaultFunctionKey);
        using var refused = await _client.SendAsync(withFunctionKey);
        using var withMasterKey = new HttpRequestMessage(HttpMethod.Post, "api/AdminOnly");
        withMasterKey.Headers.Add("x-functions-key", _host.Keys.MasterKey);
        using var accepted = await _client.SendAsync(withMasterKey);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
        Assert.Equal("admin", await accepted.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Wrong_method_is_not_routed()
    {
        using var response = await _client.GetAsync("api/items/books/7");

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
    }

    [Fact]
    public async Task Envelope_carries_the_documented_request_shape_and_the_http_output_becomes_the_response()
    {
        using var response = await _client.PostAsync("api/items/books/7?sort=asc", new StringContent("{\"a\":1}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal("envelope", response.Headers.GetValues("X-Handler").Single());
        Assert.Equal("accepted", await response.Content.ReadAsStringAsync());

        var recorded = Assert.Single(_app.Recorded("/Envelope"));
        var envelope = JsonNode.Parse((string)recorded["body"]!)!;
        var req = envelope["Data"]!["req"]!;
        Assert.Equal($"{_host.BaseAddress}api/items/books/7?sort=asc", (string?)req["Url"]);
        Assert.Equal("POST", (string?)req["Method"]);
        Assert.Equal("asc", (string?)req["Query"]!["sort"]);
        Assert.Equal("application/json; charset=utf-8", (string?)req["Headers"]!["Content-Type"]![0]);
        Assert.Equal("books", (string?)req["Params"]!["category"]);
        Assert.Equal("7", (string?)req["Params"]!["id"]);
        Assert.IsType<JsonArray>(req["Identities"]);
        Assert.Equal("{\"a\":1}", (string?)req["Body"]);
        var metadata = envelope["Metadata"]!;
        Assert.Equal("asc", (string?)metadata["Query"]!["sort"]);
        Assert.Equal("\"books\"", (string?)metadata["category"]);
        Assert.Equal("Envelope", (string?)metadata["sys"]!["MethodName"]);
        Assert.True(Guid.TryParse((string?)metadata["sys"]!["RandGuid"], out _));
    }

    [Fact]
    public async Task Host_answers_readiness_and_status_with_the_master_key()
    {
        using var root = await _client.GetAsync("");
        using var anonymousStatus = await _client.GetAsync("admin/host/status");
        using var status = await _client.GetAsync($"admin/host/status?code={Uri.EscapeDataString(_host.Keys.MasterKey)}");

        Assert.Equal(HttpStatusCode.OK, root.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, anonymousStatus.StatusCode);
        var body = JsonNode.Parse(await status.Content.ReadAsStringAsync())!;
        Assert.Equal("Running", (string?)body["state"]);
    }

    [Fact]
    public async Task Keys_are_stored_under_the_app_and_reused_by_the_next_host()
    {
        await using var second = await FunctionsHost.StartAsync(_app.Options());

        Assert.Equal(_host.Keys.MasterKey, second.Keys.MasterKey);
        Assert.StartsWith(Path.Combine(_app.Directory, ".pipeline", "keys"), second.Keys.FilePath, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Handler_that_dies_is_restarted_and_serves_again()
    {
        var firstPid = _host.HandlerProcessId;
        using var crash = await _client.PostAsync("api/Crash", new StringContent("x"));
        Assert.Equal(HttpStatusCode.OK, crash.StatusCode);

        await Eventually.ReturnsAsync(() => _host.HandlerRestarts, r => r >= 1, what: "a handler restart");
        var key = Uri.EscapeDataString(_host.Keys.DefaultFunctionKey);
        using var after = await Eventually.ReturnsAsync(
            () => _client.GetAsync($"api/echo?code={key}"), r => r.StatusCode == HttpStatusCode.Created, what: "the restarted handler to answer");

        Assert.NotEqual(firstPid, _host.HandlerProcessId);
    }
}

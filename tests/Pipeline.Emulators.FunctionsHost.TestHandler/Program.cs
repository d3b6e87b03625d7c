using System.Text;
using System.Text.Json.Nodes;

// Listens where the Functions host says, records every request as one JSON line, and answers per function.
var port = Environment.GetEnvironmentVariable("FUNCTIONS_CUSTOMHANDLER_PORT") ?? throw new InvalidOperationException("FUNCTIONS_CUSTOMHANDLER_PORT is not set.");
// TEST_HANDLER_RECORD=off turns the handler into a do-nothing handler (benchmarks).
var recordFile = Environment.GetEnvironmentVariable("TEST_HANDLER_RECORD") ?? Path.Combine(Path.GetTempPath(), "test-handler.jsonl");
var recording = recordFile != "off";
var builder = WebApplication.CreateSlimBuilder(args);
builder.Logging.ClearProviders();
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
var app = builder.Build();
var recordLock = new object();
var eventCalls = 0;

async Task<string> RecordAsync(HttpRequest request)
{
    if (!recording)
    {
        await request.Body.CopyToAsync(Stream.Null);
        return string.Empty;
    }

    using var reader = new StreamReader(request.Body, Encoding.UTF8);
    var body = await reader.ReadToEndAsync();
    var headers = new JsonObject();
    foreach (var (name, values) in request.Headers)
    {
        headers[name] = values.ToString();
    }

    var line = new JsonObject
    {
        ["path"] = request.Path.Value,
        ["method"] = request.Method,
        ["query"] = request.QueryString.Value,
        ["headers"] = headers,
        ["body"] = body,
        ["pid"] = Environment.ProcessId,
    };
    lock (recordLock)
    {
        File.AppendAllText(recordFile, line.ToJsonString() + "\n");
    }

    return body;
}

app.MapGet("/", () => Results.Ok("handler up"));

// Forwarded HTTP function: the raw request arrives on the same path; the response goes back as-is.
app.Map("/api/echo/{**rest}", async (HttpRequest request) =>
{
    var body = await RecordAsync(request);
    return Results.Text($"echo:{body}", "text/plain", Encoding.UTF8, statusCode: 201);
});

// Envelope HTTP function: answers through Outputs.res.
app.MapPost("/Envelope", async (HttpRequest request) =>
{
    await RecordAsync(request);
    return Results.Json(new JsonObject
    {
        ["Outputs"] = new JsonObject
        {
            ["res"] = new JsonObject { ["statusCode"] = 202, ["headers"] = new JsonObject { ["X-Handler"] = "envelope" }, ["body"] = "accepted" },
        },
        ["Logs"] = new JsonArray("envelope handled"),
        ["ReturnValue"] = null,
    });
});

app.MapPost("/AdminOnly", async (HttpRequest request) =>
{
    await RecordAsync(request);
    return Results.Json(new JsonObject { ["Outputs"] = new JsonObject { ["res"] = new JsonObject { ["statusCode"] = 200, ["body"] = "admin" } } });
});

// Event Hubs function: TEST_HANDLER_FAIL=always answers 500 to every call; otherwise 200.
app.MapPost("/Events", async (HttpRequest request) =>
{
    await RecordAsync(request);
    Interlocked.Increment(ref eventCalls);
    if (Environment.GetEnvironmentVariable("TEST_HANDLER_FAIL") == "always")
    {
        return Results.Text("handler failure", statusCode: 500);
    }

    return Results.Json(new JsonObject { ["Outputs"] = new JsonObject(), ["Logs"] = new JsonArray(), ["ReturnValue"] = null });
});

// Dies on request, so the host's restart supervision can be observed.
app.MapPost("/Crash", async (HttpRequest request) =>
{
    await RecordAsync(request);

    // Exit once the response is on the wire, so the host sees an answered invocation and then a dead handler.
    request.HttpContext.Response.OnCompleted(() =>
    {
        _ = Task.Run(() => Environment.Exit(3));
        return Task.CompletedTask;
    });
    return Results.Json(new JsonObject { ["Outputs"] = new JsonObject { ["res"] = new JsonObject { ["statusCode"] = 200, ["body"] = "crashing" } } });
});

app.Run();

using Pipeline.Functions.Archiving;
using Pipeline.Functions.Configuration;
using Pipeline.Functions.HealthChecks;
using Pipeline.Functions.Ingestion;
using Pipeline.Functions.Projection;
using Pipeline.Functions.StreamQueries;
using Pipeline.Functions.Telemetry;

// The Functions host starts this process and forwards to it: HTTP triggers as raw requests (/api/...), Event Hubs
// triggers as invocation envelopes (POST /<function name>). It must listen on 127.0.0.1:$FUNCTIONS_CUSTOMHANDLER_PORT.
var builder = WebApplication.CreateSlimBuilder(args);
var port = Environment.GetEnvironmentVariable("FUNCTIONS_CUSTOMHANDLER_PORT") is { Length: > 0 } value ? value : "8080";
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
builder.WebHost.ConfigureKestrel(kestrel => kestrel.Limits.MaxRequestBodySize = 100 * 1024 * 1024);
builder.Logging.AddSimpleConsole(options => options.SingleLine = true);
builder.Services.AddFunctionApp(builder.Configuration);

var app = builder.Build();
HealthEndpoints.Map(app);
IngestEndpoint.Map(app);
ProjectEndpoint.Map(app);
ArchiveEndpoint.Map(app);
StreamEndpoints.Map(app);
TelemetryServices.MapTelemetryEndpoints(app);
app.Run();

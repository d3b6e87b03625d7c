using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Pipeline.Emulators.EventHubs.Entities;

namespace Pipeline.Emulators.EventHubs.Admin;

/// <summary>
/// The loopback HTTP API that manages hubs and consumer groups while the emulator runs (Microsoft's emulator
/// only reads Config.json at start). Bad input is answered with RFC 9457 problem details.
/// </summary>
internal sealed class AdminApi : IAsyncDisposable
{
    private readonly WebApplication app;

    private AdminApi(WebApplication app, int port)
    {
        this.app = app;
        Port = port;
    }

    public int Port { get; }

    public static async Task<AdminApi> StartAsync(EventHubsNamespace ns, IPAddress address, int port, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(address, port));
        builder.Services.AddProblemDetails();
        var app = builder.Build();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        Map(app, ns);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new AdminApi(app, new Uri(bound).Port);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync().ConfigureAwait(false);
        await app.DisposeAsync().ConfigureAwait(false);
    }

    private static void Map(WebApplication app, EventHubsNamespace ns)
    {
        var hubs = app.MapGroup("/eventhubs");
        hubs.MapGet("/", () => Results.Ok(ns.Hubs.Select(Describe)));
        hubs.MapGet("/{name}", (string name) => ns.Find(name) is { } hub ? Results.Ok(Describe(hub)) : HubNotFound(name));
        hubs.MapPut("/{name}", async (string name, HttpRequest request) =>
        {
            HubRequest? body;
            try
            {
                body = request.ContentLength is 0 ? new HubRequest() : await JsonSerializer.DeserializeAsync<HubRequest>(request.Body, JsonOptions, request.HttpContext.RequestAborted);
            }
            catch (JsonException e)
            {
                return Results.Problem(title: "The body is not a valid event hub description.", detail: e.Message, statusCode: StatusCodes.Status400BadRequest);
            }

            body ??= new HubRequest();
            var existed = ns.Find(name) is not null;
            var (change, problem) = ns.Ensure(new EventHubDefinition(name, body.PartitionCount ?? ns.Find(name)?.Partitions.Count ?? 2, body.ConsumerGroups ?? []));
            return change switch
            {
                EntityChange.Invalid => Results.Problem(title: "Invalid event hub.", detail: problem, statusCode: StatusCodes.Status400BadRequest),
                EntityChange.Conflict => Results.Problem(title: "The event hub already exists with another shape.", detail: problem, statusCode: StatusCodes.Status409Conflict),
                _ when !existed => Results.Created($"/eventhubs/{name}", Describe(ns.Find(name)!)),
                _ => Results.Ok(Describe(ns.Find(name)!)),
            };
        });
        hubs.MapDelete("/{name}", (string name) => ns.Delete(name) ? Results.NoContent() : HubNotFound(name));

        hubs.MapGet("/{name}/consumergroups", (string name) =>
            ns.Find(name) is { } hub ? Results.Ok(hub.ConsumerGroups.Select(g => new { name = g.Name, createdAt = g.CreatedAt })) : HubNotFound(name));
        hubs.MapPut("/{name}/consumergroups/{group}", (string name, string group) => ns.AddConsumerGroup(name, group) switch
        {
            EntityChange.Created => Results.Created($"/eventhubs/{name}/consumergroups/{group}", new { name = group }),
            EntityChange.Unchanged => Results.Ok(new { name = group }),
            EntityChange.NotFound => HubNotFound(name),
            _ => Results.Problem(title: "Invalid consumer group name.", detail: $"'{group}' is not a valid consumer group name.", statusCode: StatusCodes.Status400BadRequest),
        });
        hubs.MapDelete("/{name}/consumergroups/{group}", (string name, string group) => ns.RemoveConsumerGroup(name, group) switch
        {
            EntityChange.Created => Results.NoContent(),
            EntityChange.Invalid => Results.Problem(title: "The $Default consumer group cannot be deleted.", statusCode: StatusCodes.Status400BadRequest),
            _ => Results.Problem(title: "Consumer group not found.", detail: $"Event hub '{name}' has no consumer group '{group}'.", statusCode: StatusCodes.Status404NotFound),
        });
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private static IResult HubNotFound(string name) =>
        Results.Problem(title: "Event hub not found.", detail: $"The messaging entity '{name}' could not be found.", statusCode: StatusCodes.Status404NotFound);

    private static object Describe(EventHub hub) => new
    {
        name = hub.Name,
        createdAt = hub.CreatedAt,
        partitionCount = hub.Partitions.Count,
        partitionIds = hub.PartitionIds,
        consumerGroups = hub.ConsumerGroups.Select(g => g.Name),
    };

    private sealed class HubRequest
    {
        public int? PartitionCount { get; set; }

        public List<string>? ConsumerGroups { get; set; }
    }
}

using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Pipeline.Emulators.Cosmos.Auth;
using Pipeline.Emulators.Cosmos.Capacity;
using Pipeline.Emulators.Cosmos.Errors;
using Pipeline.Emulators.Cosmos.Predicates;
using Pipeline.Emulators.Cosmos.Storage;

namespace Pipeline.Emulators.Cosmos.Handlers;

/// <summary>
/// The request path of the gateway: authenticate, route by resource path to one handler, charge and throttle,
/// and write the answer with the headers every Cosmos DB response carries.
/// </summary>
internal sealed class GatewayRouter
{
    // Messages are read by people: keep quotes and apostrophes as they are inside the nested error JSON.
    private static readonly JsonSerializerOptions ReadableJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ResourceCatalog catalog;
    private readonly MasterKeyAuthenticator authenticator;
    private readonly ThroughputGovernor? governor;
    private readonly DatabasesHandler databases;
    private readonly ContainersHandler containers;
    private readonly ItemsHandler items;
    private readonly ChangeFeedHandler changeFeed;
    private readonly Queries queries;
    private readonly OffersHandler offers;
    private readonly BatchHandler batches;

    public GatewayRouter(ResourceCatalog catalog, MasterKeyAuthenticator authenticator, ThroughputGovernor? governor, TimeProvider time)
    {
        this.catalog = catalog;
        this.authenticator = authenticator;
        this.governor = governor;
        databases = new DatabasesHandler(catalog);
        containers = new ContainersHandler(catalog);
        items = new ItemsHandler(time);
        changeFeed = new ChangeFeedHandler(time);
        queries = new Queries(time);
        offers = new OffersHandler(catalog);
        batches = new BatchHandler(time);
    }

    public async Task HandleAsync(HttpContext context)
    {
        var request = GatewayRequest.From(context);
        GatewayResponse response;
        ContainerEntry? container = null;
        try
        {
            authenticator.Verify(request);
            (response, container) = await DispatchAsync(request, context.RequestAborted).ConfigureAwait(false);
        }
        catch (CosmosError error)
        {
            response = ErrorResponse(error, request);
        }
        catch (UnsupportedSqlException ex)
        {
            response = ErrorResponse(Fail.BadRequest(Fail.MetadataQueryNotSupported().Message + " Unsupported: " + ex.Message + "."), request);
        }
        catch (Microsoft.AspNetCore.Http.BadHttpRequestException ex)
        {
            response = ErrorResponse(Fail.BadRequest(ex.Message), request);
        }
        catch (IOException ex) when (ex is not EndOfStreamException && !context.RequestAborted.IsCancellationRequested)
        {
            response = ErrorResponse(Fail.StorageUnavailable(ex.Message), request);
        }
        catch (EndOfStreamException)
        {
            response = ErrorResponse(Fail.BadRequest("The request body ended before its declared Content-Length."), request);
        }
        catch (Exception ex) when (ex is InvalidOperationException or FormatException or JsonException or OverflowException)
        {
            // A property of the wrong JSON type (e.g. a number where Cosmos DB expects a string) in a resource definition.
            response = ErrorResponse(Fail.BadRequest("The request payload is invalid: " + ex.Message), request);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            return;
        }

        await WriteAsync(context, request, response, container).ConfigureAwait(false);
    }

    private async Task<(GatewayResponse, ContainerEntry?)> DispatchAsync(GatewayRequest request, CancellationToken cancellationToken)
    {
        var s = request.Segments;
        if (s.Length == 0)
        {
            return request.Method == "GET" ? (AccountHandler.Read(request), null) : throw Fail.MethodNotAllowed(request.Method, "databaseaccount");
        }

        if (s[0] == "offers" && s.Length <= 2)
        {
            return (await offers.HandleAsync(request, cancellationToken).ConfigureAwait(false), null);
        }

        if (s[0] != "dbs")
        {
            throw Fail.BadRequest($"The resource path '/{string.Join('/', s)}' is not a Cosmos DB resource this emulator serves.");
        }

        if (s.Length <= 2)
        {
            return (await databases.HandleAsync(request, cancellationToken).ConfigureAwait(false), null);
        }

        if (s[2] != "colls")
        {
            throw Fail.BadRequest($"Resource type '{s[2]}' (users, permissions, client encryption keys) is not supported by this emulator.");
        }

        if (s.Length <= 4)
        {
            return (await containers.HandleAsync(request, cancellationToken).ConfigureAwait(false), null);
        }

        // Items of a container that does not exist: 404 with substatus 1003, as Cosmos DB answers.
        var container = catalog.Container(s[1], s[3], subStatusWhenMissing: 1003);
        return s[4] switch
        {
            "docs" when s.Length <= 6 => (await ThrottledAsync(container, () => ItemsAsync(request, container, cancellationToken)).ConfigureAwait(false), container),
            "pkranges" when s.Length == 5 && request.Method == "GET" => (PartitionKeyRangesHandler.Read(request, container), container),
            "sprocs" or "triggers" or "udfs" or "conflicts" when s.Length == 5 && request.Method == "GET" =>
                (GatewayResponse.Json(HttpStatusCode.OK, ResourceJson.Feed(container.Rid, FeedName(s[4]), []), RequestCharges.MetadataRead), container),
            _ => throw Fail.BadRequest($"Resource type '{s[4]}' with method {request.Method} is not supported by this emulator (stored procedures, triggers and UDFs are not)."),
        };
    }

    private async Task<GatewayResponse> ItemsAsync(GatewayRequest request, ContainerEntry container, CancellationToken cancellationToken)
    {
        if (request.IsFeed)
        {
            switch (request.Method)
            {
                case "GET":
                    return ChangeFeedHandler.IsChangeFeed(request) ? changeFeed.Read(request, container) : items.ReadFeed(request, container);
                case "POST":
                    if (request.Flag("x-ms-cosmos-is-batch-request"))
                    {
                        return await batches.HandleAsync(request, container, Budget(container), cancellationToken).ConfigureAwait(false);
                    }

                    return Queries.IsQuery(request)
                        ? await queries.OnItemsAsync(request, container, cancellationToken).ConfigureAwait(false)
                        : await items.CreateAsync(request, container, cancellationToken).ConfigureAwait(false);
                default:
                    throw Fail.MethodNotAllowed(request.Method, "docs");
            }
        }

        return request.Method switch
        {
            "GET" => items.Read(request, container),
            "PUT" => await items.ReplaceAsync(request, container, cancellationToken).ConfigureAwait(false),
            "DELETE" => items.Delete(request, container),
            "PATCH" => await items.PatchAsync(request, container, cancellationToken).ConfigureAwait(false),
            _ => throw Fail.MethodNotAllowed(request.Method, "docs"),
        };
    }

    private async Task<GatewayResponse> ThrottledAsync(ContainerEntry container, Func<Task<GatewayResponse>> handle)
    {
        var offer = governor is null ? null : catalog.OfferGoverning(container);
        if (offer is null)
        {
            return await handle().ConfigureAwait(false);
        }

        governor!.Admit(offer);
        try
        {
            var response = await handle().ConfigureAwait(false);
            governor.Charge(offer, response.Charge);
            return response;
        }
        catch (CosmosError error) when (error.Status != HttpStatusCode.TooManyRequests)
        {
            governor.Charge(offer, 1);
            throw;
        }
    }

    private RequestBudget? Budget(ContainerEntry container) =>
        governor is not null && catalog.OfferGoverning(container) is { } offer ? new RequestBudget(governor, offer) : null;

    private static string FeedName(string resourceType) => resourceType switch
    {
        "sprocs" => "StoredProcedures",
        "triggers" => "Triggers",
        "udfs" => "UserDefinedFunctions",
        _ => "Conflicts",
    };

    private static GatewayResponse ErrorResponse(CosmosError error, GatewayRequest request)
    {
        var errors = JsonSerializer.Serialize(new JsonObject { ["Errors"] = new JsonArray(error.Message) }, ReadableJson);
        var body = new JsonObject
        {
            ["code"] = error.Code,
            ["message"] = $"Message: {errors}\r\nActivityId: {request.ActivityId}, Request URI: {request.Context.Request.Path}, Pipeline.Emulators.Cosmos",
        };
        if (error.AdditionalErrorInfo is { } info)
        {
            body["additionalErrorInfo"] = info;
        }

        var response = GatewayResponse.Json(error.Status, body, error.Status == HttpStatusCode.TooManyRequests ? 0 : 1)
            .With("x-ms-substatus", error.SubStatus.ToString(CultureInfo.InvariantCulture));
        if (error.RetryAfterMilliseconds is { } retry)
        {
            response.With("x-ms-retry-after-ms", retry.ToString(CultureInfo.InvariantCulture));
        }

        return response;
    }

    private static async Task WriteAsync(HttpContext context, GatewayRequest request, GatewayResponse response, ContainerEntry? container)
    {
        var http = context.Response;
        http.StatusCode = (int)response.Status;
        var headers = http.Headers;
        headers["x-ms-activity-id"] = request.ActivityId;
        headers["x-ms-request-charge"] = response.Charge.ToString("0.##", CultureInfo.InvariantCulture);
        headers["x-ms-schemaversion"] = "1.18";
        headers["x-ms-serviceversion"] = "version=2.14.0.0";
        headers["x-ms-gatewayversion"] = "version=2.14.0";
        headers["x-ms-last-state-change-utc"] = "Mon, 01 Jan 2024 00:00:00.000 GMT";
        if (container is not null)
        {
            headers["x-ms-alt-content-path"] = container.NameLink;
            headers["x-ms-content-path"] = container.Rid;
        }

        if (response.Lsn is { } lsn)
        {
            var text = lsn.ToString(CultureInfo.InvariantCulture);
            headers["lsn"] = text;
            headers["x-ms-global-committed-lsn"] = text;
            headers["x-ms-session-token"] = "0:-1#" + text;
        }

        foreach (var (name, value) in response.Headers)
        {
            headers[name] = value;
        }

        if (response.Body is { } body)
        {
            http.ContentType = "application/json";
            http.ContentLength = body.Length;
            await http.Body.WriteAsync(body, context.RequestAborted).ConfigureAwait(false);
        }
        else
        {
            http.ContentLength = 0;
        }
    }
}

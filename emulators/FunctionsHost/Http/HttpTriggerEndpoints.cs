using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using Pipeline.Emulators.FunctionsHost.Configuration;
using Pipeline.Emulators.FunctionsHost.Invocation;

namespace Pipeline.Emulators.FunctionsHost.Http;

/// <summary>
/// Maps every HTTP-triggered function to <c>/&lt;routePrefix&gt;/&lt;route or name&gt;</c> with its methods
/// and key requirement, then forwards the raw request or sends the JSON envelope, as Azure does.
/// </summary>
internal sealed class HttpTriggerEndpoints
{
    private static readonly HashSet<string> HopByHopHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Proxy-Connection", "TE", "Trailer",
    };

    private readonly FunctionApp _app;
    private readonly HandlerInvoker _invoker;
    private readonly FunctionKeys _keys;
    private readonly ILogger _logger;

    public HttpTriggerEndpoints(FunctionApp app, HandlerInvoker invoker, FunctionKeys keys, ILogger logger)
    {
        _app = app;
        _invoker = invoker;
        _keys = keys;
        _logger = logger;
    }

    /// <summary>The URL template of each HTTP function, for the start-up listing.</summary>
    public IReadOnlyList<(FunctionDefinition Function, string Template)> Routes { get; private set; } = [];

    public void Map(IEndpointRouteBuilder endpoints)
    {
        var prefix = _app.Host.HttpRoutePrefix;
        var routes = new List<(FunctionDefinition, string)>();
        foreach (var function in _app.Functions.Where(f => f.HttpTrigger is not null && !f.Disabled))
        {
            var route = (function.HttpTrigger!.Route ?? function.Name).Trim('/');
            var template = prefix.Length == 0 ? route : $"{prefix}/{route}";
            var builder = function.HttpTrigger.Methods.Count == 0
                ? endpoints.Map(template, context => HandleAsync(context, function))
                : endpoints.MapMethods(template, function.HttpTrigger.Methods, context => HandleAsync(context, function));
            builder.WithDisplayName(function.Name);
            routes.Add((function, template));
        }

        Routes = routes;
    }

    private async Task HandleAsync(HttpContext context, FunctionDefinition function)
    {
        var request = context.Request;
        var presented = request.Headers["x-functions-key"].FirstOrDefault() ?? request.Query["code"].FirstOrDefault();
        var caller = _keys.Authenticate(presented);
        var required = function.HttpTrigger!.AuthLevel;
        if (required != AuthorizationLevel.Anonymous && (caller is null || caller.Value.Level < required))
        {
            await Problem(context, StatusCodes.Status401Unauthorized, "Unauthorized",
                $"Function '{function.Name}' requires a {(required == AuthorizationLevel.Admin ? "master" : "function")} key in the x-functions-key header or the code query parameter.").ConfigureAwait(false);
            return;
        }

        var invocationId = Guid.NewGuid();
        try
        {
            if (_app.Host.CustomHandler.EnableForwardingHttpRequest && function.IsHttpInAndOut)
            {
                await ForwardAsync(context, invocationId).ConfigureAwait(false);
            }
            else
            {
                await InvokeWithEnvelopeAsync(context, function, caller, invocationId).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is HandlerInvocationException or HttpRequestException or TimeoutException or System.Text.Json.JsonException && !context.RequestAborted.IsCancellationRequested)
        {
            // Azure answers a failed invocation with a bare 500; the reason goes to the log.
            _logger.LogError("Executed '{Function}' (Failed, Id={InvocationId}): {Reason}", function.Name, invocationId, e.Message);
            if (!context.Response.HasStarted)
            {
                context.Response.Clear();
                context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            }
        }
    }

    private async Task ForwardAsync(HttpContext context, Guid invocationId)
    {
        var request = context.Request;
        var target = new Uri(_invoker.BaseAddress, request.Path.ToUriComponent() + request.QueryString.ToUriComponent());
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), target);
        foreach (var (name, values) in request.Headers)
        {
            if (!HopByHopHeaders.Contains(name) && !name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase) && !string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase))
            {
                message.Headers.TryAddWithoutValidation(name, values.AsEnumerable());
            }
        }

        // As in Azure, a body travels only with a positive Content-Length.
        if (request.ContentLength > 0)
        {
            message.Content = new StreamContent(request.Body);
            foreach (var (name, values) in request.Headers.Where(h => h.Key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase)))
            {
                message.Content.Headers.TryAddWithoutValidation(name, values.AsEnumerable());
            }
        }

        using var response = await _invoker.ForwardAsync(message, invocationId, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
        {
            if (!HopByHopHeaders.Contains(name))
            {
                context.Response.Headers[name] = values.ToArray();
            }
        }

        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    private async Task InvokeWithEnvelopeAsync(HttpContext context, FunctionDefinition function, (AuthorizationLevel Level, string KeyName)? caller, Guid invocationId)
    {
        var envelope = await HttpRequestEnvelope.BuildAsync(context.Request, function, caller, context.RequestAborted).ConfigureAwait(false);
        var result = await _invoker.InvokeAsync(function.Name, envelope, invocationId, context.RequestAborted).ConfigureAwait(false);
        var outputName = function.OutputBindingNames.FirstOrDefault();
        JsonNode? output = outputName is null || outputName == "$return"
            ? result.ReturnValue
            : result.Outputs.GetValueOrDefault(outputName);
        await HttpOutputResponse.WriteAsync(context.Response, output, context.RequestAborted).ConfigureAwait(false);
    }

    internal static Task Problem(HttpContext context, int status, string title, string detail) =>
        Results.Problem(detail: detail, statusCode: status, title: title).ExecuteAsync(context);
}

namespace Pipeline.Emulators.FunctionsHost.Configuration;

/// <summary>The parts of host.json this host honours: the custom handler, the HTTP route prefix, Event Hubs batching and retry.</summary>
public sealed record HostConfiguration(
    CustomHandlerDescription CustomHandler,
    string HttpRoutePrefix,
    EventHubsHostOptions EventHubs,
    RetryPolicyDefinition? Retry)
{
    internal const string FileName = "host.json";

    internal static HostConfiguration Read(ConfigurationElement root)
    {
        var version = root.Property("version")?.GetString();
        if (version is not null && version != "2.0")
        {
            throw root.ErrorAt("version", $"must be \"2.0\", not \"{version}\"");
        }

        var customHandler = root.Property("customHandler") ?? throw root.ErrorAt("customHandler", "is required: this host runs custom-handler apps");
        var description = customHandler.Property("description") ?? throw customHandler.ErrorAt("description", "is required");
        var executable = description.Property("defaultExecutablePath")?.GetString();
        if (string.IsNullOrWhiteSpace(executable))
        {
            throw description.ErrorAt("defaultExecutablePath", "is required");
        }

        var arguments = description.Property("arguments")?.Items().Select(a => a.GetString()).ToList() ?? [];
        var handler = new CustomHandlerDescription(
            executable,
            description.Property("workingDirectory")?.GetString() ?? string.Empty,
            arguments,
            customHandler.Property("enableForwardingHttpRequest")?.GetBoolean() ?? false);

        var extensions = root.Property("extensions");
        var routePrefix = extensions?.Property("http")?.Property("routePrefix")?.GetString() ?? "api";
        var eventHubs = EventHubsHostOptions.Read(extensions?.Property("eventHubs"));
        var retry = root.Property("retry") is { } r ? RetryPolicyDefinition.Read(r) : null;
        return new HostConfiguration(handler, routePrefix.Trim('/'), eventHubs, retry);
    }
}

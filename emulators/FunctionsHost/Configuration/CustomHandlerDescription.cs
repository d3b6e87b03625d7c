namespace Pipeline.Emulators.FunctionsHost.Configuration;

/// <summary>host.json <c>customHandler</c>: how to start the handler and whether HTTP requests are forwarded raw.</summary>
public sealed record CustomHandlerDescription(
    string DefaultExecutablePath,
    string WorkingDirectory,
    IReadOnlyList<string> Arguments,
    bool EnableForwardingHttpRequest);

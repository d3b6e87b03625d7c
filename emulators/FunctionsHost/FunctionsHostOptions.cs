using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pipeline.Emulators.FunctionsHost.EventHubs;
using Pipeline.Emulators.FunctionsHost.Handler;

namespace Pipeline.Emulators.FunctionsHost;

/// <summary>How to run a function app locally: where it is, which port, which settings to override, and test-friendly timings.</summary>
public sealed class FunctionsHostOptions
{
    /// <summary>The app directory: host.json, one folder per function, local.settings.json.</summary>
    public string AppDirectory { get; set; } = ".";

    /// <summary>HTTP port of the host; 0 picks a free one; null uses local.settings.json <c>Host.LocalHttpPort</c>, else 7071.</summary>
    public int? Port { get; set; }

    /// <summary>Address the host listens on; loopback unless you mean to expose it.</summary>
    public string ListenAddress { get; set; } = "127.0.0.1";

    /// <summary>App settings that win over local.settings.json (e.g. emulator endpoints chosen at run time).</summary>
    public IDictionary<string, string> SettingOverrides { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Where the master and function keys are kept; defaults to <c>&lt;app&gt;/.pipeline/keys</c>.</summary>
    public string? KeysDirectory { get; set; }

    /// <summary>Runs this command instead of host.json's <c>defaultExecutablePath</c> (e.g. a freshly built dll during development).</summary>
    public HandlerCommand? HandlerCommandOverride { get; set; }

    /// <summary>Handler start and restart timings.</summary>
    public HandlerSupervisorOptions Handler { get; } = new();

    /// <summary>The blob endpoint <c>UseDevelopmentStorage=true</c> maps to (an Azurite started elsewhere); defaults to Azurite's 127.0.0.1:10000.</summary>
    public Uri? DevelopmentStorageBlobEndpoint { get; set; }

    /// <summary>Event Hubs trigger timings (ownership, load balancing) and the event source.</summary>
    public EventHubsTriggerOptions EventHubs { get; } = new();

    public ILoggerFactory LoggerFactory { get; set; } = NullLoggerFactory.Instance;
}

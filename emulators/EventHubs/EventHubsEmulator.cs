using System.Globalization;
using System.Net;
using Amqp;
using Amqp.Listener;
using Amqp.Types;
using Pipeline.Emulators.EventHubs.Admin;
using Pipeline.Emulators.EventHubs.Amqp;
using Pipeline.Emulators.EventHubs.Capacity;
using Pipeline.Emulators.EventHubs.Entities;
using Pipeline.Emulators.EventHubs.Errors;
using Pipeline.Emulators.EventHubs.Nodes;

namespace Pipeline.Emulators.EventHubs;

/// <summary>
/// An in-process Azure Event Hubs: speaks AMQP 1.0 like the service (CBS auth, $management, batches, epochs,
/// partition keys), keeps its log on disk across restarts, and starts in milliseconds without Docker.
/// </summary>
public sealed class EventHubsEmulator : IAsyncDisposable
{
    private const int MaxFrameSize = 2 * 1024 * 1024;

    private readonly EventHubsEmulatorOptions options;
    private readonly CancellationTokenSource stopping = new();
    private EventHubsNamespace? ns;
    private SocketTransportProvider? transport;
    private ConnectionListener? listener;
    private AdminApi? admin;
    private Task? retention;

    public EventHubsEmulator(EventHubsEmulatorOptions? options = null)
    {
        this.options = options ?? new EventHubsEmulatorOptions();
    }

    /// <summary>The AMQP port the emulator listens on (the chosen one when the options asked for 0).</summary>
    public int Port => transport?.Port ?? throw NotStarted();

    /// <summary>The admin API's base address, or null when it is turned off.</summary>
    public Uri? AdminEndpoint => admin is null ? null : new Uri($"http://{options.Host}:{admin.Port}/");

    public string NamespaceName => ns?.Name ?? options.NamespaceName;

    /// <summary>A connection string for the namespace, or for one hub when <paramref name="eventHub"/> is given.</summary>
    public string GetConnectionString(string? eventHub = null)
    {
        var text = string.Create(CultureInfo.InvariantCulture,
            $"Endpoint=sb://{options.Host}:{Port};SharedAccessKeyName={options.KeyName};SharedAccessKey={options.Key};UseDevelopmentEmulator=true");
        return eventHub is null ? text : text + ";EntityPath=" + eventHub;
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (transport is not null)
        {
            throw new InvalidOperationException("The emulator is already started.");
        }

        var (configuredName, configuredHubs) = options.ConfigFile is null
            ? (null, Array.Empty<EventHubDefinition>())
            : EmulatorConfigFile.Load(options.ConfigFile);
        ns = new EventHubsNamespace(configuredName ?? options.NamespaceName, options.DataDirectory, options.SegmentBytes);
        foreach (var definition in configuredHubs.Concat(options.EventHubs))
        {
            var (change, problem) = ns.Ensure(definition);
            if (change is EntityChange.Invalid or EntityChange.Conflict)
            {
                throw new EmulatorConfigurationException(problem!);
            }
        }

        var address = ParseHost(options.Host);
        transport = new SocketTransportProvider(address, options.Port);
        var container = new EmulatorContainer(transport);
        container.Router = new LinkRouter(
            ns,
            new CbsNode(options.KeyName, options.Key, options.AcceptJwtTokens),
            new ManagementNode(ns, options.KeyName, options.Key, options.AcceptJwtTokens),
            options,
            options.ThroughputUnits is { } units ? new ThroughputUnitLimiter(units) : null,
            container.SizeOf);

        listener = new ConnectionListener(new Address(options.Host, transport.Port, null, null, "/", "amqp"), container);
        listener.SASL.EnableMechanism(new Symbol(PermissiveSaslProfile.AnonymousName), new PermissiveSaslProfile(PermissiveSaslProfile.AnonymousName));
        listener.SASL.EnableMechanism(new Symbol(PermissiveSaslProfile.PlainName), new PermissiveSaslProfile(PermissiveSaslProfile.PlainName));
        listener.AMQP.ContainerId = ns.Name;
        // A full 1 MB batch fits one frame, so it is not reassembled from pieces; frames come from a pool because a
        // fresh array per large frame cost more (zeroing, page faults, LOH collections) than handling its events.
        listener.AMQP.MaxFrameSize = MaxFrameSize;
        listener.BufferManager = new BufferManager(256, 2 * MaxFrameSize, 256L * 1024 * 1024);
        listener.AMQP.MaxLinksPerSession = 1024;
        // A local idle timeout makes AMQPNetLite run its heartbeat timer, which also honours the client's timeout.
        listener.AMQP.IdleTimeout = 240_000;
        listener.Open();

        if (options.AdminPort is { } adminPort)
        {
            admin = await AdminApi.StartAsync(ns, address, adminPort, cancellationToken).ConfigureAwait(false);
        }

        retention = RunRetentionAsync(stopping.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await stopping.CancelAsync().ConfigureAwait(false);
        listener?.Close();
        transport?.Dispose();
        if (admin is not null)
        {
            await admin.DisposeAsync().ConfigureAwait(false);
        }

        if (retention is not null)
        {
            await retention.ConfigureAwait(false);
        }

        ns?.Dispose();
        stopping.Dispose();
    }

    /// <summary>Runs retention now (it also runs every <see cref="EventHubsEmulatorOptions.RetentionInterval"/>).</summary>
    public void ApplyRetention() =>
        (ns ?? throw NotStarted()).ApplyRetention(options.Retention, options.RetentionBytesPerPartition);

    private async Task RunRetentionAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(options.RetentionInterval);
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
            {
                ApplyRetention();
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    private static IPAddress ParseHost(string host) =>
        string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
        : IPAddress.TryParse(host, out var address) ? address
        : throw new EmulatorConfigurationException($"Host '{host}' must be an IP address or 'localhost'.");

    private static InvalidOperationException NotStarted() => new("The emulator has not been started.");
}

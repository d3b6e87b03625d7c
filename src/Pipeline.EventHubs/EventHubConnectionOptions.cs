using System.Net.Security;

namespace Pipeline.EventHubs;

/// <summary>How a client connects to the Event Hubs namespace: idle timeout and TLS certificate validation.</summary>
public sealed class EventHubConnectionOptions
{
    private TimeSpan _connectionIdleTimeout = TimeSpan.FromMinutes(1);

    /// <summary>The AMQP idle timeout announced to the service; the connection sends heartbeats to keep it alive.</summary>
    public TimeSpan ConnectionIdleTimeout
    {
        get => _connectionIdleTimeout;
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.FromSeconds(1));
            _connectionIdleTimeout = value;
        }
    }

    /// <summary>Validates the service's TLS certificate; null uses the platform's validation.</summary>
    public RemoteCertificateValidationCallback? CertificateValidationCallback { get; set; }

    internal EventHubConnectionOptions Clone() => new()
    {
        _connectionIdleTimeout = _connectionIdleTimeout,
        CertificateValidationCallback = CertificateValidationCallback,
    };
}

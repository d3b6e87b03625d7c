using System.Net;
using System.Net.Sockets;
using Amqp;

namespace Pipeline.Emulators.EventHubs.Amqp;

/// <summary>
/// Accepts TCP connections for AMQPNetLite's listener and wraps each in a <see cref="GuardedTransport"/>.
/// Owning the socket lets the emulator bind port 0 and report the port it got.
/// </summary>
internal sealed class SocketTransportProvider : TransportProvider
{
    private readonly Socket listenSocket;
    private volatile bool disposed;

    public SocketTransportProvider(IPAddress address, int port)
    {
        AddressSchemes = ["amqp"];
        listenSocket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        listenSocket.Bind(new IPEndPoint(address, port));
        listenSocket.Listen(512);
        Port = ((IPEndPoint)listenSocket.LocalEndPoint!).Port;
    }

    public int Port { get; }

    public override async Task<IAsyncTransport> CreateAsync(Address address)
    {
        while (!disposed)
        {
            try
            {
                var socket = await listenSocket.AcceptAsync().ConfigureAwait(false);
                socket.NoDelay = true;
                return new GuardedTransport(socket);
            }
            catch (SocketException) when (!disposed)
            {
                // A client that reset before being accepted; keep accepting.
            }
            catch (Exception e) when (e is ObjectDisposedException or SocketException)
            {
                break;
            }
        }

        // AMQPNetLite keeps asking for transports after Close; never answering stops its accept loop quietly.
        return await new TaskCompletionSource<IAsyncTransport>().Task.ConfigureAwait(false);
    }

    public override void Dispose()
    {
        disposed = true;
        listenSocket.Dispose();
    }
}

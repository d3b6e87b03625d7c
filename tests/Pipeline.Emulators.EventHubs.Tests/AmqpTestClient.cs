using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Amqp;
using Amqp.Framing;
using Amqp.Types;
using Amqp.Sasl;

namespace Pipeline.Emulators.EventHubs.Tests;

/// <summary>A bare AMQPNetLite client, for wire-level checks the JavaScript SDK guards against on its own side.</summary>
internal sealed class AmqpTestClient : IAsyncDisposable
{
    private readonly Connection connection;
    private readonly Session session;
    private int requests;

    private AmqpTestClient(Connection connection)
    {
        this.connection = connection;
        session = new Session(connection);
    }

    public static async Task<AmqpTestClient> ConnectAsync(EventHubsEmulator emulator)
    {
        var factory = new ConnectionFactory();
        factory.SASL.Profile = SaslProfile.Anonymous;
        var connection = await factory.CreateAsync(new Address("127.0.0.1", emulator.Port, null, null, "/", "amqp"));
        return new AmqpTestClient(connection);
    }

    public static string SasToken(string audience, string keyName, string key, DateTimeOffset expiry)
    {
        var resource = Uri.EscapeDataString(audience);
        var se = expiry.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);
        var signature = Convert.ToBase64String(HMACSHA256.HashData(Encoding.UTF8.GetBytes(key), Encoding.UTF8.GetBytes(resource + "\n" + se)));
        return $"SharedAccessSignature sr={resource}&sig={Uri.EscapeDataString(signature)}&se={se}&skn={keyName}";
    }

    /// <summary>Puts a token on $cbs and returns the status code of the answer.</summary>
    public async Task<int> PutTokenAsync(string audience, string token, string type = "servicebus.windows.net:sastoken")
    {
        var id = Interlocked.Increment(ref requests).ToString(CultureInfo.InvariantCulture);
        var sender = new SenderLink(session, "cbs-request-" + id, "$cbs");
        var receiver = new ReceiverLink(session, "cbs-reply-" + id, "$cbs");
        var request = new Message(token)
        {
            Properties = new Properties { MessageId = id, ReplyTo = "cbs-reply-" + id },
            ApplicationProperties = new ApplicationProperties(),
        };
        request.ApplicationProperties["operation"] = "put-token";
        request.ApplicationProperties["type"] = type;
        request.ApplicationProperties["name"] = audience;
        await sender.SendAsync(request);
        var response = await receiver.ReceiveAsync(TimeSpan.FromSeconds(10));
        receiver.Accept(response);
        await sender.CloseAsync();
        await receiver.CloseAsync();
        return (int)response.ApplicationProperties["status-code"];
    }

    public Task<int> AuthorizeAsync(EventHubsEmulator emulator, string path) =>
        PutTokenAsync($"sb://127.0.0.1/{path}", SasToken($"sb://127.0.0.1/{path}", "RootManageSharedAccessKey", "SAS_KEY_VALUE", DateTimeOffset.UtcNow.AddHours(1)));

    /// <summary>Sends one message and returns the delivery outcome the emulator settled it with.</summary>
    public async Task<Outcome> SendAsync(string address, Message message)
    {
        var sender = new SenderLink(session, "sender-" + Guid.NewGuid(), address);
        try
        {
            var outcome = new TaskCompletionSource<Outcome>(TaskCreationOptions.RunContinuationsAsynchronously);
            sender.Send(message, (_, _, o, _) => outcome.TrySetResult(o), null);
            return await outcome.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }
        finally
        {
            await sender.CloseAsync();
        }
    }

    /// <summary>Attaches a receiver and returns either its messages or the error its attach was refused with.</summary>
    public async Task<(List<Message> Messages, Error? Error)> ReceiveAsync(string address, string? filter, int count, TimeSpan wait)
    {
        var source = new Source { Address = address };
        if (filter is not null)
        {
            source.FilterSet = new Map
            {
                [new Symbol("apache.org:selector-filter:string")] = new DescribedValue(0x0000468C00000004UL, filter),
            };
        }

        var attached = new TaskCompletionSource<Error?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var receiver = new ReceiverLink(session, "receiver-" + Guid.NewGuid(), source, (_, attach) => attached.TrySetResult(null));
        receiver.Closed += (_, error) => attached.TrySetResult(error ?? new Error(ErrorCode.DetachForced));
        var messages = new List<Message>();
        try
        {
            for (var i = 0; i < count; i++)
            {
                var message = await receiver.ReceiveAsync(wait);
                if (message is null)
                {
                    break;
                }

                receiver.Accept(message);
                messages.Add(message);
            }
        }
        catch (AmqpException e)
        {
            return (messages, e.Error);
        }

        var error = receiver.IsClosed ? receiver.Error : null;
        if (!receiver.IsClosed)
        {
            await receiver.CloseAsync();
        }

        return (messages, error);
    }

    public async ValueTask DisposeAsync()
    {
        await connection.CloseAsync();
    }
}

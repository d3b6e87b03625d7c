using Amqp;
using Amqp.Framing;
using Amqp.Types;
using Pipeline.EventHubs.Amqp;
using Reason = Pipeline.EventHubs.EventHubsException.FailureReason;

namespace Pipeline.EventHubs.Tests.Unit;

public class ErrorMapperTests
{
    [Theory]
    [InlineData("com.microsoft:server-busy", Reason.ServiceBusy, true)]
    [InlineData("com.microsoft:timeout", Reason.ServiceTimeout, true)]
    [InlineData("amqp:not-found", Reason.ResourceNotFound, false)]
    [InlineData("com.microsoft:entity-not-found", Reason.ResourceNotFound, false)]
    [InlineData("amqp:link:stolen", Reason.ConsumerDisconnected, false)]
    [InlineData("amqp:link:message-size-exceeded", Reason.MessageSizeExceeded, false)]
    [InlineData("amqp:resource-limit-exceeded", Reason.QuotaExceeded, false)]
    [InlineData("amqp:connection:forced", Reason.ServiceCommunicationProblem, true)]
    [InlineData("amqp:link:detach-forced", Reason.ServiceCommunicationProblem, true)]
    [InlineData("amqp:internal-error", Reason.ServiceCommunicationProblem, true)]
    [InlineData("amqp:not-allowed", Reason.GeneralError, false)]
    [InlineData("vendor:unknown", Reason.GeneralError, false)]
    public void Amqp_conditions_map_to_a_reason_and_transience(string condition, Reason reason, bool transient)
    {
        var error = AmqpErrorMapper.FromError(new Error(new Symbol(condition)) { Description = "described" }, "hub");

        var eventHubs = Assert.IsType<EventHubsException>(error);
        Assert.Equal(reason, eventHubs.Reason);
        Assert.Equal(transient, eventHubs.IsTransient);
        Assert.Equal("hub", eventHubs.EventHubName);
        Assert.Contains("described", eventHubs.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unauthorized_access_becomes_unauthorized_access_exception()
    {
        var error = AmqpErrorMapper.FromError(new Error(new Symbol("amqp:unauthorized-access")) { Description = "bad key" }, "hub");

        Assert.IsType<UnauthorizedAccessException>(error);
        Assert.Equal("bad key", error.Message);
    }

    [Fact]
    public void Closing_without_error_is_a_transient_communication_problem()
    {
        var error = Assert.IsType<EventHubsException>(AmqpErrorMapper.FromError(null, "hub"));
        Assert.True(error.IsTransient);
        Assert.Equal(Reason.ServiceCommunicationProblem, error.Reason);
    }

    [Theory]
    [InlineData(401, typeof(UnauthorizedAccessException), null, false)]
    [InlineData(404, typeof(EventHubsException), Reason.ResourceNotFound, false)]
    [InlineData(400, typeof(ArgumentException), null, false)]
    [InlineData(503, typeof(EventHubsException), Reason.ServiceBusy, true)]
    [InlineData(500, typeof(EventHubsException), Reason.ServiceCommunicationProblem, true)]
    [InlineData(408, typeof(EventHubsException), Reason.ServiceTimeout, true)]
    public void Status_codes_of_request_response_nodes_map_like_conditions(int status, Type type, Reason? reason, bool transient)
    {
        var error = AmqpErrorMapper.FromStatusCode(status, "text", "hub");

        Assert.IsType(type, error);
        if (error is EventHubsException eventHubs)
        {
            Assert.Equal(reason, eventHubs.Reason);
            Assert.Equal(transient, eventHubs.IsTransient);
        }
    }

    [Fact]
    public void Socket_failures_and_amqp_exceptions_are_translated()
    {
        var socket = Assert.IsType<EventHubsException>(AmqpErrorMapper.Translate(new System.Net.Sockets.SocketException(), "hub"));
        Assert.True(socket.IsTransient);

        var amqp = Assert.IsType<EventHubsException>(AmqpErrorMapper.Translate(new AmqpException(new Error(new Symbol("com.microsoft:server-busy"))), "hub"));
        Assert.Equal(Reason.ServiceBusy, amqp.Reason);
    }
}

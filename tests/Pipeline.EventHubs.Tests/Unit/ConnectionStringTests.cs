using Pipeline.EventHubs;

namespace Pipeline.EventHubs.Tests.Unit;

public class ConnectionStringTests
{
    [Fact]
    public void Emulator_connection_string_uses_plain_tcp_on_5672()
    {
        var properties = EventHubsConnectionStringProperties.Parse(
            "Endpoint=sb://localhost;SharedAccessKeyName=RootManageSharedAccessKey;SharedAccessKey=SAS_KEY_VALUE;EntityPath=hub1;UseDevelopmentEmulator=true");

        Assert.True(properties.UseDevelopmentEmulator);
        Assert.False(properties.UseTls);
        Assert.Equal(5672, properties.Port);
        Assert.Equal("localhost", properties.FullyQualifiedNamespace);
        Assert.Equal("hub1", properties.EventHubName);
        Assert.Equal("RootManageSharedAccessKey", properties.SharedAccessKeyName);
        Assert.Equal("SAS_KEY_VALUE", properties.SharedAccessKey);
    }

    [Fact]
    public void Port_in_the_endpoint_overrides_the_default()
    {
        var properties = EventHubsConnectionStringProperties.Parse(
            "Endpoint=sb://127.0.0.1:15672;SharedAccessKeyName=k;SharedAccessKey=v;UseDevelopmentEmulator=true");

        Assert.Equal(15672, properties.Port);
        Assert.Null(properties.EventHubName);
    }

    [Fact]
    public void Azure_connection_string_uses_tls_on_5671_and_keeps_key_padding()
    {
        var properties = EventHubsConnectionStringProperties.Parse(
            "Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessKeyName=send;SharedAccessKey=abc+def/ghi==");

        Assert.True(properties.UseTls);
        Assert.Equal(5671, properties.Port);
        Assert.Equal("contoso.servicebus.windows.net", properties.FullyQualifiedNamespace);
        Assert.Equal("abc+def/ghi==", properties.SharedAccessKey);
    }

    [Fact]
    public void Shared_access_signature_is_accepted_instead_of_a_key()
    {
        var properties = EventHubsConnectionStringProperties.Parse(
            "Endpoint=sb://contoso.servicebus.windows.net/;SharedAccessSignature=SharedAccessSignature sr=a&sig=b%3D&se=1&skn=c");

        Assert.Equal("SharedAccessSignature sr=a&sig=b%3D&se=1&skn=c", properties.SharedAccessSignature);
        Assert.Null(properties.SharedAccessKey);
    }

    [Theory]
    [InlineData("SharedAccessKeyName=k;SharedAccessKey=v", "no Endpoint")]
    [InlineData("Endpoint=sb://h;SharedAccessKeyName=k", "both SharedAccessKeyName and SharedAccessKey")]
    [InlineData("Endpoint=sb://h", "no credentials")]
    [InlineData("Endpoint=sb://h;SharedAccessKeyName=k;SharedAccessKey=v;SharedAccessSignature=s", "not both")]
    [InlineData("Endpoint=sb://h;SharedAccessKeyName=k;SharedAccessKey=v;UseDevelopmentEmulator=yes", "UseDevelopmentEmulator")]
    [InlineData("Endpoint=sb://h;garbage", "malformed")]
    public void Invalid_connection_strings_are_rejected_with_a_reason(string connectionString, string reason)
    {
        var error = Assert.Throws<FormatException>(() => EventHubsConnectionStringProperties.Parse(connectionString));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Conflicting_event_hub_names_are_rejected()
    {
        var error = Assert.Throws<ArgumentException>(() => new Producer.EventHubProducerClient(
            "Endpoint=sb://h;SharedAccessKeyName=k;SharedAccessKey=v;EntityPath=one", "two"));
        Assert.Contains("'one'", error.Message, StringComparison.Ordinal);
    }
}

using Pipeline.Emulators.FunctionsHost.Configuration;

namespace Pipeline.Emulators.FunctionsHost.Tests;

public sealed class ConfigurationTests : IDisposable
{
    private readonly TestApp _app = new();

    [Fact]
    public void Test_app_loads_with_settings_substituted()
    {
        var app = FunctionApp.Load(_app.Directory);

        var events = app.Functions.Single(f => f.Name == "Events").EventHubTrigger!;
        Assert.Equal("events", events.EventHubName);
        Assert.Equal("projector", events.ConsumerGroup);
        Assert.Equal(TriggerCardinality.Many, events.Cardinality);
        Assert.Equal(TriggerDataType.String, events.DataType);
        Assert.StartsWith("Endpoint=sb://localhost", events.Connection.ConnectionString, StringComparison.Ordinal);
        Assert.True(app.Functions.Single(f => f.Name == "Echo").IsHttpInAndOut);
        Assert.False(app.Functions.Single(f => f.Name == "Envelope").IsHttpInAndOut);
        Assert.Equal(10, app.Host.EventHubs.MaxEventBatchSize);
        Assert.Equal(TimeSpan.FromMilliseconds(200), app.Host.EventHubs.MaxWaitTime);
        Assert.Equal(7071, app.LocalSettings.LocalHttpPort);
    }

    [Fact]
    public void Host_json_that_is_not_json_is_reported_with_its_file_name()
    {
        File.WriteAllText(Path.Combine(_app.Directory, "host.json"), "{ \"version\": \"2.0\", ");

        var error = Assert.Throws<FunctionAppConfigurationException>(() => FunctionApp.Load(_app.Directory));

        Assert.Equal("host.json", error.File);
        Assert.Contains("not valid JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Host_json_with_a_wrongly_typed_batch_size_names_the_field()
    {
        File.WriteAllText(Path.Combine(_app.Directory, "host.json"),
            """{ "version": "2.0", "customHandler": { "description": { "defaultExecutablePath": "x" } }, "extensions": { "eventHubs": { "maxEventBatchSize": "lots" } } }""");

        var error = Assert.Throws<FunctionAppConfigurationException>(() => FunctionApp.Load(_app.Directory));

        Assert.Equal("host.json: extensions.eventHubs.maxEventBatchSize: must be an integer, not a string", error.Message);
    }

    [Fact]
    public void Host_json_without_a_custom_handler_is_rejected()
    {
        File.WriteAllText(Path.Combine(_app.Directory, "host.json"), """{ "version": "2.0" }""");

        var error = Assert.Throws<FunctionAppConfigurationException>(() => FunctionApp.Load(_app.Directory));

        Assert.Equal("customHandler", error.Field);
    }

    [Fact]
    public void Function_json_with_an_unknown_cardinality_names_the_binding_field()
    {
        var path = Path.Combine(_app.Directory, "Events", "function.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("\"many\"", "\"several\"", StringComparison.Ordinal));

        var error = Assert.Throws<FunctionAppConfigurationException>(() => FunctionApp.Load(_app.Directory));

        Assert.Equal("Events/function.json", error.File);
        Assert.Equal("bindings[0].cardinality", error.Field);
        Assert.Contains("several", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Function_json_referring_to_a_missing_setting_names_the_setting()
    {
        var path = Path.Combine(_app.Directory, "Events", "function.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("%EventHubName%", "%NoSuchHub%", StringComparison.Ordinal));

        var error = Assert.Throws<FunctionAppConfigurationException>(() => FunctionApp.Load(_app.Directory));

        Assert.Equal("bindings[0].eventHubName", error.Field);
        Assert.Contains("'NoSuchHub'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Function_json_with_a_bad_retry_strategy_names_the_field()
    {
        var path = Path.Combine(_app.Directory, "Events", "function.json");
        File.WriteAllText(path, File.ReadAllText(path).Replace("fixedDelay", "sometimes", StringComparison.Ordinal));

        var error = Assert.Throws<FunctionAppConfigurationException>(() => FunctionApp.Load(_app.Directory));

        Assert.Equal("retry.strategy", error.Field);
    }

    [Fact]
    public void Local_settings_with_a_non_string_value_names_the_value()
    {
        File.WriteAllText(Path.Combine(_app.Directory, "local.settings.json"), """{ "IsEncrypted": false, "Values": { "EventHubName": 42 } }""");

        var error = Assert.Throws<FunctionAppConfigurationException>(() => FunctionApp.Load(_app.Directory));

        Assert.Equal("local.settings.json", error.File);
        Assert.Equal("Values.EventHubName", error.Field);
    }

    [Fact]
    public void Setting_overrides_win_over_local_settings()
    {
        var app = FunctionApp.Load(_app.Directory, new Dictionary<string, string> { ["EventHubName"] = "other" });

        Assert.Equal("other", app.Functions.Single(f => f.Name == "Events").EventHubTrigger!.EventHubName);
    }

    [Fact]
    public void Exponential_backoff_doubles_from_the_minimum_up_to_the_maximum()
    {
        var policy = new RetryPolicyDefinition(RetryStrategy.ExponentialBackoff, 5, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(10));

        Assert.Equal([2, 4, 8, 10], Enumerable.Range(1, 4).Select(i => policy.DelayBefore(i).TotalSeconds));
    }

    public void Dispose() => _app.Dispose();
}

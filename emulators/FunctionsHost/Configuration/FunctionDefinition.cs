namespace Pipeline.Emulators.FunctionsHost.Configuration;

/// <summary>
/// One function of the app (<c>&lt;name&gt;/function.json</c>): its trigger, its output binding names
/// and its retry policy.
/// </summary>
public sealed record FunctionDefinition(
    string Name,
    string TriggerType,
    HttpTriggerBinding? HttpTrigger,
    EventHubTriggerBinding? EventHubTrigger,
    IReadOnlyList<string> OutputBindingNames,
    bool IsHttpInAndOut,
    RetryPolicyDefinition? Retry,
    bool Disabled)
{
    internal const string FileName = "function.json";

    internal static FunctionDefinition Read(string name, ConfigurationElement root, AppSettings settings)
    {
        var bindings = root.Property("bindings")?.Items() ?? throw root.ErrorAt("bindings", "is required");
        HttpTriggerBinding? http = null;
        EventHubTriggerBinding? eventHub = null;
        string? triggerType = null;
        var inputs = new List<string>();
        var outputs = new List<(string Name, string Type)>();
        foreach (var binding in bindings)
        {
            var type = binding.Property("type")?.GetString() ?? throw binding.ErrorAt("type", "is required");
            var bindingName = binding.Property("name")?.GetString() ?? throw binding.ErrorAt("name", "is required");
            var direction = binding.Property("direction")?.GetString() ?? throw binding.ErrorAt("direction", "is required (in or out)");
            switch (direction.ToUpperInvariant())
            {
                case "IN":
                    inputs.Add(type);
                    break;
                case "OUT":
                    outputs.Add((bindingName, type));
                    continue;
                case "INOUT":
                    inputs.Add(type);
                    outputs.Add((bindingName, type));
                    break;
                default:
                    throw binding.ErrorAt("direction", $"must be in, out or inout, not \"{direction}\"");
            }

            if (!type.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (triggerType is not null)
            {
                throw binding.ErrorAt("type", $"is a second trigger; a function has exactly one (the first is {triggerType})");
            }

            triggerType = type;
            if (string.Equals(type, "httpTrigger", StringComparison.OrdinalIgnoreCase))
            {
                http = ReadHttp(bindingName, binding);
            }
            else if (string.Equals(type, "eventHubTrigger", StringComparison.OrdinalIgnoreCase))
            {
                eventHub = ReadEventHub(bindingName, binding, settings);
            }
        }

        if (triggerType is null)
        {
            throw root.ErrorAt("bindings", "has no trigger binding (a binding whose type ends in \"Trigger\" with direction in)");
        }

        var httpInAndOut = http is not null && inputs.Count == 1 && outputs.Count == 1
            && string.Equals(outputs[0].Type, "http", StringComparison.OrdinalIgnoreCase);
        var retry = root.Property("retry") is { } r ? RetryPolicyDefinition.Read(r) : null;
        var disabled = root.Property("disabled")?.GetBoolean() ?? false;
        return new FunctionDefinition(name, triggerType, http, eventHub, outputs.Select(o => o.Name).ToList(), httpInAndOut, retry, disabled);
    }

    private static HttpTriggerBinding ReadHttp(string name, ConfigurationElement binding)
    {
        var methods = binding.Property("methods")?.Items().Select(m => m.GetString().ToUpperInvariant()).ToList() ?? [];
        var levelText = binding.Property("authLevel")?.GetString() ?? "function";
        var level = levelText.ToUpperInvariant() switch
        {
            "ANONYMOUS" => AuthorizationLevel.Anonymous,
            "FUNCTION" => AuthorizationLevel.Function,
            "ADMIN" or "SYSTEM" => AuthorizationLevel.Admin,
            _ => throw binding.ErrorAt("authLevel", $"must be anonymous, function or admin, not \"{levelText}\""),
        };
        var route = binding.Property("route")?.GetString();
        if (route is not null)
        {
            try
            {
                Microsoft.AspNetCore.Routing.Patterns.RoutePatternFactory.Parse(route);
            }
            catch (Microsoft.AspNetCore.Routing.Patterns.RoutePatternException e)
            {
                throw binding.ErrorAt("route", $"is not a valid route template: {e.Message}");
            }
        }

        return new HttpTriggerBinding(name, route, methods, level);
    }

    private static EventHubTriggerBinding ReadEventHub(string name, ConfigurationElement binding, AppSettings settings)
    {
        string Required(string field)
        {
            var element = binding.Property(field) ?? throw binding.ErrorAt(field, "is required");
            var value = settings.Resolve(element.GetString(), element);
            return value.Length > 0 ? value : throw element.Error("resolves to an empty value");
        }

        var hub = Required("eventHubName");
        var connectionName = Required("connection");
        var consumerGroup = binding.Property("consumerGroup") is { } cg ? settings.Resolve(cg.GetString(), cg) : "$Default";
        var cardinalityText = binding.Property("cardinality")?.GetString() ?? "one";
        var cardinality = cardinalityText.ToUpperInvariant() switch
        {
            "ONE" => TriggerCardinality.One,
            "MANY" => TriggerCardinality.Many,
            _ => throw binding.ErrorAt("cardinality", $"must be one or many, not \"{cardinalityText}\""),
        };
        var dataTypeText = binding.Property("dataType")?.GetString();
        var dataType = dataTypeText?.ToUpperInvariant() switch
        {
            null => TriggerDataType.Unspecified,
            "STRING" => TriggerDataType.String,
            "BINARY" => TriggerDataType.Binary,
            _ => throw binding.ErrorAt("dataType", $"must be string or binary, not \"{dataTypeText}\""),
        };
        var connection = LookUpConnection(connectionName, settings)
            ?? throw binding.ErrorAt("connection", $"names app setting '{connectionName}', but neither it, 'AzureWebJobs{connectionName}' nor '{connectionName}__fullyQualifiedNamespace' is defined");
        return new EventHubTriggerBinding(name, hub, string.IsNullOrEmpty(consumerGroup) ? "$Default" : consumerGroup, cardinality, dataType, connection);
    }

    private static EventHubConnectionSetting? LookUpConnection(string name, AppSettings settings)
    {
        var value = settings.Get(name) ?? settings.Get($"AzureWebJobs{name}");
        if (!string.IsNullOrEmpty(value))
        {
            return new EventHubConnectionSetting(name, value, null);
        }

        var fqdn = settings.Get($"{name}__fullyQualifiedNamespace");
        return string.IsNullOrEmpty(fqdn) ? null : new EventHubConnectionSetting(name, null, fqdn);
    }
}

using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Emulators.Cosmos.Errors;

namespace Pipeline.Emulators.Cosmos.Handlers;

/// <summary>Throughput requested when a database or container is created: manual RU/s or an autoscale maximum.</summary>
internal static class ThroughputHeaders
{
    public static (int? Manual, int? AutoscaleMax) Read(GatewayRequest request)
    {
        int? manual = null;
        int? autoscale = null;
        if (request.Header("x-ms-offer-throughput") is { Length: > 0 } text)
        {
            manual = int.TryParse(text, out var value) ? value : throw Fail.BadRequest($"The offer throughput '{text}' is not a number.");
        }

        if (request.Header("x-ms-cosmos-offer-autopilot-settings") is { Length: > 0 } json)
        {
            try
            {
                autoscale = JsonNode.Parse(json)?["maxThroughput"]?.GetValue<int>();
            }
            catch (Exception ex) when (ex is JsonException or InvalidOperationException or FormatException)
            {
                throw Fail.BadRequest($"The autoscale settings '{json}' are not valid JSON with a maxThroughput.");
            }
        }

        return (manual, autoscale);
    }
}

using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Emulators.Cosmos.Handlers;

/// <summary>What a handler answers: status, JSON body, the request charge and any extra Cosmos headers.</summary>
internal sealed class GatewayResponse
{
    public GatewayResponse(HttpStatusCode status, byte[]? body, double charge)
    {
        Status = status;
        Body = body;
        Charge = charge;
    }

    public HttpStatusCode Status { get; }

    public byte[]? Body { get; }

    public double Charge { get; }

    public Dictionary<string, string> Headers { get; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>LSN for `lsn` and the session token, when the request touched a container.</summary>
    public long? Lsn { get; set; }

    public static GatewayResponse Json(HttpStatusCode status, JsonNode body, double charge) =>
        new(status, JsonSerializer.SerializeToUtf8Bytes(body), charge);

    public GatewayResponse With(string header, string value)
    {
        Headers[header] = value;
        return this;
    }
}

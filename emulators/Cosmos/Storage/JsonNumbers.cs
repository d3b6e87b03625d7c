using System.Globalization;
using System.Text.Json.Nodes;

namespace Pipeline.Emulators.Cosmos.Storage;

/// <summary>Reads JSON numbers whatever backs the node (parsed text or a CLR value), by their JSON text.</summary>
internal static class JsonNumbers
{
    public static double ToDouble(JsonNode node) =>
        double.Parse(node.ToJsonString(), NumberStyles.Float, CultureInfo.InvariantCulture);

    public static bool TryToInt64(JsonNode node, out long value) =>
        long.TryParse(node.ToJsonString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
}

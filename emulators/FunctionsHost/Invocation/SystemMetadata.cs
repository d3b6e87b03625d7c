using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Pipeline.Emulators.FunctionsHost.Invocation;

/// <summary>The <c>sys</c> binding data every invocation carries: the function name, the UTC time and a fresh GUID.</summary>
internal static class SystemMetadata
{
    public static JsonObject Create(string functionName) => new()
    {
        ["MethodName"] = functionName,
        ["UtcNow"] = UtcNow(),
        ["RandGuid"] = Guid.NewGuid().ToString(),
    };

    public static void Write(Utf8JsonWriter writer, string functionName)
    {
        writer.WriteStartObject();
        writer.WriteString("MethodName", functionName);
        writer.WriteString("UtcNow", UtcNow());
        writer.WriteString("RandGuid", Guid.NewGuid());
        writer.WriteEndObject();
    }

    private static string UtcNow() => DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture);
}

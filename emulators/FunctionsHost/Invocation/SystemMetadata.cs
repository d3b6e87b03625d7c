using System.Text.Json.Nodes;

namespace Pipeline.Emulators.FunctionsHost.Invocation;

/// <summary>The <c>sys</c> binding data every invocation carries: the function name, the UTC time and a fresh GUID.</summary>
internal static class SystemMetadata
{
    public static JsonObject Create(string functionName) => new()
    {
        ["MethodName"] = functionName,
        ["UtcNow"] = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", System.Globalization.CultureInfo.InvariantCulture),
        ["RandGuid"] = Guid.NewGuid().ToString(),
    };
}

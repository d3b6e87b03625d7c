using System.Text.Json;
using System.Text.Json.Serialization;

namespace Pipeline.Core.Events;

/// <summary>Source-generated JSON for validation problems (camelCase), so HTTP front ends can return them without reflection.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(ValidationProblem))]
[JsonSerializable(typeof(IReadOnlyList<ValidationProblem>))]
public sealed partial class ValidationProblemJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;
using Pipeline.Core.Projections.Playback;
using Pipeline.Core.Projections.Summary;

namespace Pipeline.Core.Projections;

/// <summary>Source-generated JSON metadata for the built-in projection states (camelCase, enums as strings).</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(SummaryState))]
[JsonSerializable(typeof(PlaybackState))]
public sealed partial class ProjectionJsonContext : JsonSerializerContext;

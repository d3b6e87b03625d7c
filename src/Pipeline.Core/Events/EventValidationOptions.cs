namespace Pipeline.Core.Events;

/// <summary>Limits applied while parsing events; the defaults suit Event Hubs (1 MB messages) and Cosmos DB ids (255 characters).</summary>
public sealed class EventValidationOptions
{
    /// <summary>Shared instance with the default limits.</summary>
    public static EventValidationOptions Default { get; } = new();

    /// <summary>Largest encoded event in bytes; Event Hubs Standard rejects messages above 1 MB.</summary>
    public int MaxEventBytes { get; init; } = 1024 * 1024;

    /// <summary>Most events accepted in one batch body.</summary>
    public int MaxBatchEvents { get; init; } = 1000;

    /// <summary>Largest batch body in bytes.</summary>
    public int MaxBatchBytes { get; init; } = 4 * 1024 * 1024;

    /// <summary>Longest <c>subject</c> in characters; the subject becomes part of Cosmos DB ids, which are limited to 255.</summary>
    public int MaxSubjectLength { get; init; } = 255;

    /// <summary>Longest <c>id</c> in characters; ids are kept in the store's idempotency window.</summary>
    public int MaxIdLength { get; init; } = 255;

    /// <summary>Longest <c>source</c>, <c>type</c>, <c>datacontenttype</c> or <c>dataschema</c> in characters.</summary>
    public int MaxAttributeLength { get; init; } = 1024;

    /// <summary>Longest extension attribute name; CloudEvents recommends at most 20 characters.</summary>
    public int MaxExtensionNameLength { get; init; } = 20;
}

namespace Pipeline.Emulators.Cosmos.Query.Execution;

/// <summary>A stored document as the engine reads it: its creation order (the `_rid` number) and its UTF-8 JSON.</summary>
internal readonly record struct QueryDocument(ulong Rid, byte[] Body);

using Pipeline.Emulators.Cosmos.Errors;

namespace Pipeline.Emulators.Cosmos.Storage;

/// <summary>Cosmos DB's rule for ids: non-empty, under 1024 characters, none of '/', '\', '?', '#', no trailing space.</summary>
internal static class ResourceNames
{
    public static void Validate(string id)
    {
        if (id.Length == 0 || id.Length > 1023 || id.AsSpan().IndexOfAny("/\\?#") >= 0 || id[^1] == ' ')
        {
            throw Fail.InvalidId(id);
        }
    }
}

using System.Buffers;

namespace Pipeline.Core.Events;

/// <summary>Character sets the validation rules search for, built once.</summary>
internal static class CharacterSets
{
    /// <summary>CloudEvents extension names use lower-case ASCII letters and digits only.</summary>
    public static readonly SearchValues<char> ExtensionName = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789");

    /// <summary>The same set as UTF-8 bytes.</summary>
    public static readonly SearchValues<byte> ExtensionNameUtf8 = SearchValues.Create("abcdefghijklmnopqrstuvwxyz0123456789"u8);

    /// <summary>Cosmos DB forbids '/', '\', '?' and '#' in ids; control characters would make streams unreadable in logs.</summary>
    public static readonly SearchValues<char> ForbiddenInStreamName = SearchValues.Create(BuildForbiddenInStreamName());

    private static string BuildForbiddenInStreamName()
    {
        var chars = new List<char> { '/', '\\', '?', '#' };
        for (var c = '\u0000'; c <= '\u001F'; c++)
        {
            chars.Add(c);
        }

        for (var c = '\u007F'; c <= '\u009F'; c++)
        {
            chars.Add(c);
        }

        return new string([.. chars]);
    }
}

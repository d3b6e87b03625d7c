using System.Text.Json;

namespace Pipeline.Core.Events;

/// <summary>Where a JSON string token (quotes included) sits in a buffer, so the string is only created if someone reads it.</summary>
internal readonly record struct JsonStringSlice(int Start, int Length)
{
    public bool IsPresent => Length > 0;

    public JsonStringSlice RelativeTo(int origin) => IsPresent ? new JsonStringSlice(Start - origin, Length) : default;

    public string? Read(ReadOnlySpan<byte> utf8)
    {
        if (!IsPresent)
        {
            return null;
        }

        var reader = new Utf8JsonReader(utf8.Slice(Start, Length));
        reader.Read();
        return reader.GetString();
    }
}

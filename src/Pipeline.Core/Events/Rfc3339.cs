using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Pipeline.Core.Events;

/// <summary>Reads RFC 3339 timestamps, which unlike general ISO 8601 always carry a UTC offset.</summary>
internal static class Rfc3339
{
    public static bool TryParse(ref Utf8JsonReader reader, out DateTimeOffset value)
    {
        if (reader.ValueIsEscaped || reader.HasValueSequence)
        {
            return TryParse(Encoding.UTF8.GetBytes(reader.GetString()!), out value);
        }

        if (!HasRfc3339Shape(reader.ValueSpan))
        {
            value = default;
            return false;
        }

        return reader.TryGetDateTimeOffset(out value) || TryParseLenient(reader.ValueSpan, out value);
    }

    public static bool TryParse(ReadOnlySpan<byte> utf8, out DateTimeOffset value)
    {
        if (!HasRfc3339Shape(utf8))
        {
            value = default;
            return false;
        }

        return TryParseLenient(utf8, out value);
    }

    // RFC 3339 allows a lower-case 't' or a space as the separator, which the JSON reader's ISO 8601 profile does not.
    private static bool TryParseLenient(ReadOnlySpan<byte> utf8, out DateTimeOffset value)
    {
        var text = Encoding.UTF8.GetString(utf8).Replace('t', 'T').Replace(' ', 'T').Replace('z', 'Z');
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out value);
    }

    // date-time = full-date "T" partial-time time-offset; time-offset = "Z" / ("+" / "-") hh ":" mm
    private static bool HasRfc3339Shape(ReadOnlySpan<byte> s)
    {
        if (s.Length < 20
            || !Digits(s, 0, 4) || s[4] != '-' || !Digits(s, 5, 2) || s[7] != '-' || !Digits(s, 8, 2)
            || s[10] is not ((byte)'T' or (byte)'t' or (byte)' ')
            || !Digits(s, 11, 2) || s[13] != ':' || !Digits(s, 14, 2) || s[16] != ':' || !Digits(s, 17, 2))
        {
            return false;
        }

        var i = 19;
        if (s[i] == '.')
        {
            i++;
            var fractionStart = i;
            while (i < s.Length && char.IsAsciiDigit((char)s[i]))
            {
                i++;
            }

            if (i == fractionStart)
            {
                return false;
            }
        }

        var offset = s[i..];
        return offset.Length switch
        {
            1 => offset[0] is (byte)'Z' or (byte)'z',
            6 => offset[0] is (byte)'+' or (byte)'-' && Digits(offset, 1, 2) && offset[3] == ':' && Digits(offset, 4, 2),
            _ => false,
        };
    }

    private static bool Digits(ReadOnlySpan<byte> s, int start, int count)
    {
        foreach (var b in s.Slice(start, count))
        {
            if (!char.IsAsciiDigit((char)b))
            {
                return false;
            }
        }

        return true;
    }
}

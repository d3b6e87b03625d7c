namespace Pipeline.Emulators.Cosmos.Query.Evaluation;

/// <summary>The LIKE operator: % any run, _ one character, [abc] / [a-f] / [^abc] sets, and an optional escape character.</summary>
internal static class LikePattern
{
    public static bool Matches(string value, string pattern, char? escape) => Match(value, 0, pattern, 0, escape);

    private static bool Match(string value, int v, string pattern, int p, char? escape)
    {
        while (p < pattern.Length)
        {
            var c = pattern[p];
            if (escape == c && p + 1 < pattern.Length)
            {
                if (v >= value.Length || value[v] != pattern[p + 1])
                {
                    return false;
                }

                v++;
                p += 2;
                continue;
            }

            switch (c)
            {
                case '%':
                    for (var skip = v; skip <= value.Length; skip++)
                    {
                        if (Match(value, skip, pattern, p + 1, escape))
                        {
                            return true;
                        }
                    }

                    return false;
                case '_':
                    if (v >= value.Length)
                    {
                        return false;
                    }

                    v++;
                    p++;
                    continue;
                case '[':
                    var close = pattern.IndexOf(']', p + 1);
                    if (close > p + 1)
                    {
                        if (v >= value.Length || !InSet(value[v], pattern.AsSpan(p + 1, close - p - 1)))
                        {
                            return false;
                        }

                        v++;
                        p = close + 1;
                        continue;
                    }

                    break;
            }

            if (v >= value.Length || value[v] != c)
            {
                return false;
            }

            v++;
            p++;
        }

        return v == value.Length;
    }

    private static bool InSet(char c, ReadOnlySpan<char> set)
    {
        var negated = set.Length > 0 && set[0] == '^';
        if (negated)
        {
            set = set[1..];
        }

        var found = false;
        for (var i = 0; i < set.Length; i++)
        {
            if (i + 2 < set.Length && set[i + 1] == '-')
            {
                found |= c >= set[i] && c <= set[i + 2];
                i += 2;
            }
            else
            {
                found |= c == set[i];
            }
        }

        return found != negated;
    }
}

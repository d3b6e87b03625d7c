using Pipeline.Emulators.Cosmos.Errors;

namespace Pipeline.Emulators.Cosmos.Predicates;

/// <summary>Splits filter text into tokens: names, @parameters, numbers, 'strings' and operators.</summary>
internal static class SqlLexer
{
    public static List<SqlToken> Tokenize(string text)
    {
        var tokens = new List<SqlToken>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            var start = i;
            if (char.IsLetter(c) || c == '_')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new SqlToken(SqlTokenKind.Identifier, text[start..i], start));
            }
            else if (c == '@')
            {
                i++;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                tokens.Add(new SqlToken(SqlTokenKind.Parameter, text[start..i], start));
            }
            else if (char.IsDigit(c) || (c == '-' && i + 1 < text.Length && char.IsDigit(text[i + 1]) && PrecedesOperand(tokens)))
            {
                i++;
                while (i < text.Length && (char.IsDigit(text[i]) || text[i] is '.' or 'e' or 'E' || (text[i] is '+' or '-' && text[i - 1] is 'e' or 'E')))
                {
                    i++;
                }

                tokens.Add(new SqlToken(SqlTokenKind.Number, text[start..i], start));
            }
            else if (c is '\'' or '"')
            {
                i++;
                var value = new System.Text.StringBuilder();
                while (true)
                {
                    if (i >= text.Length)
                    {
                        throw Fail.BadRequest($"Syntax error: unterminated string starting at position {start}.", 0);
                    }

                    if (text[i] == '\\' && i + 1 < text.Length)
                    {
                        value.Append(text[i + 1] switch { 'n' => '\n', 't' => '\t', 'r' => '\r', var other => other });
                        i += 2;
                        continue;
                    }

                    if (text[i] == c)
                    {
                        i++;
                        break;
                    }

                    value.Append(text[i++]);
                }

                tokens.Add(new SqlToken(SqlTokenKind.String, value.ToString(), start));
            }
            else
            {
                var two = i + 1 < text.Length ? text.Substring(i, 2) : string.Empty;
                if (two is "!=" or "<>" or "<=" or ">=")
                {
                    tokens.Add(new SqlToken(SqlTokenKind.Symbol, two, start));
                    i += 2;
                }
                else if ("=<>().,[]*".Contains(c, StringComparison.Ordinal))
                {
                    tokens.Add(new SqlToken(SqlTokenKind.Symbol, c.ToString(), start));
                    i++;
                }
                else
                {
                    throw Fail.BadRequest($"Syntax error: unexpected character '{c}' at position {start}.");
                }
            }
        }

        tokens.Add(new SqlToken(SqlTokenKind.End, string.Empty, text.Length));
        return tokens;
    }

    private static bool PrecedesOperand(List<SqlToken> tokens) =>
        tokens.Count == 0 || tokens[^1].Kind == SqlTokenKind.Symbol && tokens[^1].Text is not (")" or "]")
        || tokens[^1].Is("AND") || tokens[^1].Is("OR") || tokens[^1].Is("NOT") || tokens[^1].Is("WHERE");
}

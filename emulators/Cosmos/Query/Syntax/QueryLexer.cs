using System.Globalization;
using System.Text;

namespace Pipeline.Emulators.Cosmos.Query.Syntax;

/// <summary>Splits Cosmos SQL text into tokens: identifiers and keywords, numbers, quoted strings, @parameters and operators.</summary>
internal static class QueryLexer
{
    private static readonly string[] Symbols =
    [
        ">>>", "??", "||", "!=", "<>", "<=", ">=", "<<", ">>",
        "(", ")", "[", "]", "{", "}", ",", ".", ":", "?", "+", "-", "*", "/", "%", "=", "<", ">", "&", "|", "^", "~",
    ];

    public static List<Token> Tokenize(string text)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                i++;
                continue;
            }

            if (c == '-' && i + 1 < text.Length && text[i + 1] == '-')
            {
                while (i < text.Length && text[i] != '\n')
                {
                    i++;
                }

                continue;
            }

            var start = i;
            if (char.IsLetter(c) || c == '_' || c == '$')
            {
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_' || text[i] == '$'))
                {
                    i++;
                }

                tokens.Add(new Token(TokenKind.Identifier, text[start..i], start));
            }
            else if (c == '@')
            {
                i++;
                while (i < text.Length && (char.IsLetterOrDigit(text[i]) || text[i] == '_'))
                {
                    i++;
                }

                if (i == start + 1)
                {
                    throw new QueryException("a parameter name must follow '@'", start);
                }

                tokens.Add(new Token(TokenKind.Parameter, text[start..i], start));
            }
            else if (char.IsDigit(c) || (c == '.' && i + 1 < text.Length && char.IsDigit(text[i + 1])))
            {
                tokens.Add(ReadNumber(text, ref i));
            }
            else if (c is '\'' or '"')
            {
                tokens.Add(new Token(TokenKind.String, ReadString(text, ref i), start));
            }
            else
            {
                var symbol = Symbols.FirstOrDefault(s => string.CompareOrdinal(text, i, s, 0, s.Length) == 0)
                    ?? throw new QueryException($"unexpected character '{c}'", i);
                i += symbol.Length;
                tokens.Add(new Token(TokenKind.Symbol, symbol, start));
            }
        }

        tokens.Add(new Token(TokenKind.End, "end of query", text.Length));
        return tokens;
    }

    private static Token ReadNumber(string text, ref int i)
    {
        var start = i;
        if (text[i] == '0' && i + 1 < text.Length && text[i + 1] is 'x' or 'X')
        {
            i += 2;
            while (i < text.Length && char.IsAsciiHexDigit(text[i]))
            {
                i++;
            }

            return new Token(TokenKind.Number, text[start..i], start, long.Parse(text.AsSpan(start + 2, i - start - 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
        }

        while (i < text.Length && (char.IsDigit(text[i]) || text[i] == '.'))
        {
            i++;
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '+' or '-')
            {
                i++;
            }

            while (i < text.Length && char.IsDigit(text[i]))
            {
                i++;
            }
        }

        var literal = text[start..i];
        if (!double.TryParse(literal, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            throw new QueryException($"'{literal}' is not a valid number", start);
        }

        return new Token(TokenKind.Number, literal, start, value);
    }

    private static string ReadString(string text, ref int i)
    {
        var quote = text[i];
        var start = i;
        i++;
        var builder = new StringBuilder();
        while (i < text.Length && text[i] != quote)
        {
            if (text[i] == '\\' && i + 1 < text.Length)
            {
                i++;
                switch (text[i])
                {
                    case 'n': builder.Append('\n'); break;
                    case 't': builder.Append('\t'); break;
                    case 'r': builder.Append('\r'); break;
                    case 'b': builder.Append('\b'); break;
                    case 'f': builder.Append('\f'); break;
                    case 'u' when i + 4 < text.Length && int.TryParse(text.AsSpan(i + 1, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code):
                        builder.Append((char)code);
                        i += 4;
                        break;
                    default: builder.Append(text[i]); break;
                }

                i++;
                continue;
            }

            builder.Append(text[i]);
            i++;
        }

        if (i >= text.Length)
        {
            throw new QueryException("the string literal is not terminated", start);
        }

        i++;
        return builder.ToString();
    }
}

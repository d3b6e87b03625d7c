namespace Pipeline.Emulators.Cosmos.Query.Syntax;

internal enum TokenKind
{
    Identifier,
    Number,
    String,
    Parameter,
    Symbol,
    End,
}

/// <summary>One lexical unit of query text and where it starts, so errors can point at it.</summary>
internal readonly record struct Token(TokenKind Kind, string Text, int Position, double Number = 0)
{
    /// <summary>True for an identifier spelled like <paramref name="keyword"/> in any case, or the exact symbol.</summary>
    public bool Is(string keyword) =>
        Kind switch
        {
            TokenKind.Identifier => string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase),
            TokenKind.Symbol => Text == keyword,
            _ => false,
        };
}

namespace Pipeline.Emulators.Cosmos.Predicates;

/// <summary>Kinds of token in the small SQL subset the emulator evaluates.</summary>
internal enum SqlTokenKind
{
    Identifier,
    Parameter,
    Number,
    String,
    Symbol,
    End,
}

/// <summary>One token and where it starts, for error messages that point at the problem.</summary>
internal readonly record struct SqlToken(SqlTokenKind Kind, string Text, int Position)
{
    public bool Is(string keyword) =>
        (Kind == SqlTokenKind.Identifier || Kind == SqlTokenKind.Symbol) && string.Equals(Text, keyword, StringComparison.OrdinalIgnoreCase);
}

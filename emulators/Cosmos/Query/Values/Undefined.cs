namespace Pipeline.Emulators.Cosmos.Query.Values;

/// <summary>
/// The value of a missing property or of an operation on mismatched types: Cosmos SQL keeps it apart from JSON null,
/// drops it from projections and sorts it before everything else.
/// </summary>
internal sealed class Undefined
{
    public static readonly Undefined Value = new();

    private Undefined()
    {
    }

    public override string ToString() => "undefined";
}

namespace Pipeline.Cosmos.Requests;

/// <summary>Sums the request charges of every Cosmos DB request one store operation makes, for the operation's result.</summary>
internal sealed class ChargeMeter
{
    public double Total { get; private set; }

    public int Writes { get; private set; }

    /// <summary>Requests answered so far.</summary>
    public int Requests { get; private set; }

    /// <summary>The operation may send its first request through bulk execution (appends; see <see cref="EventsContainer"/>).</summary>
    public bool MayBatchFirstRequest { get; init; }

    public void Add(double requestUnits)
    {
        Total += requestUnits;
        Requests++;
    }

    public void CountWrite() => Writes++;
}

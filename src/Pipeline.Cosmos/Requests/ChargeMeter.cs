namespace Pipeline.Cosmos.Requests;

/// <summary>Sums the request charges of every Cosmos DB request one store operation makes, for the operation's result.</summary>
internal sealed class ChargeMeter
{
    public double Total { get; private set; }

    public int Writes { get; private set; }

    public void Add(double requestUnits) => Total += requestUnits;

    public void CountWrite() => Writes++;
}

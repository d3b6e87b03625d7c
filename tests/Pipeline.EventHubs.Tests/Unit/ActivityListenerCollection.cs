namespace Pipeline.EventHubs.Tests.Unit;

/// <summary>
/// Tests that listen to the client's activity source run apart from tests that measure encoded sizes: while someone
/// listens, added events gain trace properties and grow.
/// </summary>
[CollectionDefinition(Name)]
public sealed class ActivityListenerCollection
{
    public const string Name = "Activity listeners and encoded sizes";
}

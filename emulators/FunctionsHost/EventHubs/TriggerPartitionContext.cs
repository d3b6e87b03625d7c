namespace Pipeline.Emulators.FunctionsHost.EventHubs;

/// <summary>The partition an invocation's events came from, as the trigger's <c>PartitionContext</c> metadata describes it.</summary>
public sealed record TriggerPartitionContext(
    string FullyQualifiedNamespace,
    string EventHubName,
    string ConsumerGroup,
    string PartitionId,
    bool IsCheckpointingAfterInvocation);

/// <summary>Which attempt this is under the function's retry policy (<c>RetryContext</c> metadata).</summary>
public sealed record RetryContext(int RetryCount, int MaxRetryCount, string? Exception);

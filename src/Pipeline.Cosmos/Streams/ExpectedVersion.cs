using System.Globalization;

namespace Pipeline.Cosmos.Streams;

/// <summary>The optimistic-concurrency condition of an append: the stream's version must be exactly n, zero (no stream), or anything.</summary>
public readonly record struct ExpectedVersion
{
    private const long AnyValue = -1;

    private ExpectedVersion(long value) => Value = value;

    /// <summary>Any version: the append never fails on concurrency (conflicts are retried internally with the fresh tip).</summary>
    public static ExpectedVersion Any { get; } = new(AnyValue);

    /// <summary>The stream must not exist yet (its version is 0).</summary>
    public static ExpectedVersion NoStream { get; } = new(0);

    /// <summary>The version the stream must have, or -1 for <see cref="Any"/>.</summary>
    public long Value { get; }

    /// <summary>Whether this is <see cref="Any"/>.</summary>
    public bool IsAny => Value == AnyValue;

    /// <summary>The stream must be at exactly this version (its event count; 0 means it does not exist).</summary>
    public static ExpectedVersion Exact(long version) => version >= 0
        ? new ExpectedVersion(version)
        : throw new ArgumentOutOfRangeException(nameof(version), version, "A stream version is 0 or more.");

    /// <summary>Whether a stream at <paramref name="currentVersion"/> satisfies this condition.</summary>
    public bool IsSatisfiedBy(long currentVersion) => IsAny || Value == currentVersion;

    /// <inheritdoc />
    public override string ToString() => IsAny ? "any" : Value == 0 ? "no stream" : Value.ToString(CultureInfo.InvariantCulture);
}

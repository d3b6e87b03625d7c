namespace Pipeline.Core.Events;

/// <summary>What came out of a request body: the valid events in order, and every problem found, with one overall verdict.</summary>
public sealed class ParseResult
{
    internal ParseResult(ParseStatus status, bool isBatch, IReadOnlyList<CloudEventEnvelope> events, IReadOnlyList<ValidationProblem> problems)
    {
        Status = status;
        IsBatch = isBatch;
        Events = events;
        Problems = problems;
    }

    /// <summary>The overall verdict, which maps to one HTTP status code.</summary>
    public ParseStatus Status { get; }

    /// <summary>Whether the body was a batch (a JSON array) rather than one event.</summary>
    public bool IsBatch { get; }

    /// <summary>The events that passed validation, in body order; a request should be accepted only when <see cref="Problems"/> is empty.</summary>
    public IReadOnlyList<CloudEventEnvelope> Events { get; }

    /// <summary>Every problem found, each with its event index, attribute and reason.</summary>
    public IReadOnlyList<ValidationProblem> Problems { get; }

    /// <summary>Whether every event in the body is valid.</summary>
    public bool IsValid => Status == ParseStatus.Valid;
}

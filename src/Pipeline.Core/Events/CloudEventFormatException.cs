namespace Pipeline.Core.Events;

/// <summary>Thrown when bytes that should hold one valid CloudEvent (for example an Event Hubs message body) do not.</summary>
public sealed class CloudEventFormatException : FormatException
{
    /// <summary>Creates the exception from the problems the parser found.</summary>
    public CloudEventFormatException(IReadOnlyList<ValidationProblem> problems)
        : base(Describe(problems))
    {
        Problems = problems;
    }

    /// <summary>Creates the exception with a generic message and no problem list.</summary>
    public CloudEventFormatException()
        : this([])
    {
    }

    /// <summary>Creates the exception with a message and no problem list.</summary>
    public CloudEventFormatException(string message)
        : base(message)
    {
        Problems = [];
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public CloudEventFormatException(string message, Exception innerException)
        : base(message, innerException)
    {
        Problems = [];
    }

    /// <summary>Every problem found in the event.</summary>
    public IReadOnlyList<ValidationProblem> Problems { get; }

    private static string Describe(IReadOnlyList<ValidationProblem> problems) => problems.Count == 0
        ? "The bytes are not a valid CloudEvent."
        : "The bytes are not a valid CloudEvent: " + string.Join("; ", problems.Select(p => $"{p.Attribute ?? "(event)"}: {p.Detail}"));
}

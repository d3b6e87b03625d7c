namespace Pipeline.Core.Events;

/// <summary>One reason an event was rejected: which event, which attribute, and why, so a client can fix all of them at once.</summary>
/// <param name="Index">Position of the event in the body (0 for a single event), or <see cref="BodyIndex"/> when the body as a whole is at fault.</param>
/// <param name="Attribute">The CloudEvents attribute at fault, or null when the whole event or body is.</param>
/// <param name="Reason">The machine-readable reason.</param>
/// <param name="Detail">A human-readable explanation.</param>
public sealed record ValidationProblem(int Index, string? Attribute, ValidationReason Reason, string Detail)
{
    /// <summary>The index used for problems that concern the whole body rather than one event.</summary>
    public const int BodyIndex = -1;
}

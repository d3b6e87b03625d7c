namespace Pipeline.Core.Projections;

/// <summary>Thrown when a projection is asked for by a name the registry does not hold.</summary>
public sealed class ProjectionNotFoundException : KeyNotFoundException
{
    /// <summary>Creates the exception for the missing projection name.</summary>
    public ProjectionNotFoundException(string projectionName)
        : base($"No projection is named '{projectionName}'.")
    {
        ProjectionName = projectionName;
    }

    /// <summary>Creates the exception without a name.</summary>
    public ProjectionNotFoundException()
        : base("No projection has the requested name.")
    {
        ProjectionName = string.Empty;
    }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public ProjectionNotFoundException(string message, Exception innerException)
        : base(message, innerException)
    {
        ProjectionName = string.Empty;
    }

    /// <summary>The name that was looked up.</summary>
    public string ProjectionName { get; }
}

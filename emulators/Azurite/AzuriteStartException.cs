namespace Pipeline.Emulators.Azurite;

/// <summary>Azurite could not be started: node or the npm package is missing, or it did not listen in time.</summary>
public sealed class AzuriteStartException : Exception
{
    public AzuriteStartException(string message)
        : base(message)
    {
    }

    public AzuriteStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public AzuriteStartException()
    {
    }
}

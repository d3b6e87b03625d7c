namespace Pipeline.Emulators.FunctionsHost.Handler;

/// <summary>The custom handler could not be started or did not answer on its port in time.</summary>
public sealed class HandlerStartException : Exception
{
    public HandlerStartException(string message)
        : base(message)
    {
    }

    public HandlerStartException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public HandlerStartException()
    {
    }
}

namespace Pipeline.Emulators.FunctionsHost.Invocation;

/// <summary>An invocation failed: the handler answered non-2xx, sent an unreadable reply, or could not be reached.</summary>
public sealed class HandlerInvocationException : Exception
{
    public HandlerInvocationException(string functionName, int? statusCode, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        FunctionName = functionName;
        StatusCode = statusCode;
    }

    public HandlerInvocationException()
    {
        FunctionName = string.Empty;
    }

    public HandlerInvocationException(string message)
        : base(message)
    {
        FunctionName = string.Empty;
    }

    public HandlerInvocationException(string message, Exception innerException)
        : base(message, innerException)
    {
        FunctionName = string.Empty;
    }

    public string FunctionName { get; }

    /// <summary>The handler's HTTP status, when it answered at all.</summary>
    public int? StatusCode { get; }
}

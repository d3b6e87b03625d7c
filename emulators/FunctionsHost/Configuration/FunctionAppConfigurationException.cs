namespace Pipeline.Emulators.FunctionsHost.Configuration;

/// <summary>
/// A function app's configuration file is malformed. Carries the file and the field so the CLI can
/// print one line a user can act on, instead of a stack trace.
/// </summary>
public sealed class FunctionAppConfigurationException : Exception
{
    public FunctionAppConfigurationException(string file, string field, string problem, Exception? innerException = null)
        : base(Format(file, field, problem), innerException)
    {
        File = file;
        Field = field;
        Problem = problem;
    }

    public FunctionAppConfigurationException()
    {
        File = Field = Problem = string.Empty;
    }

    public FunctionAppConfigurationException(string message)
        : base(message)
    {
        File = Field = Problem = string.Empty;
    }

    public FunctionAppConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
        File = Field = Problem = string.Empty;
    }

    /// <summary>The file, relative to the app directory (e.g. <c>project/function.json</c>).</summary>
    public string File { get; }

    /// <summary>The JSON path of the offending field (e.g. <c>bindings[0].cardinality</c>), or empty for the whole file.</summary>
    public string Field { get; }

    /// <summary>What is wrong with it.</summary>
    public string Problem { get; }

    private static string Format(string file, string field, string problem) =>
        field.Length == 0 ? $"{file}: {problem}" : $"{file}: {field}: {problem}";
}

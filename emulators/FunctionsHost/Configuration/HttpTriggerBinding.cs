namespace Pipeline.Emulators.FunctionsHost.Configuration;

/// <summary>Who may call an HTTP function: anyone, holders of a function (or master) key, or holders of the master key.</summary>
public enum AuthorizationLevel
{
    Anonymous,
    Function,
    Admin,
}

/// <summary>function.json <c>httpTrigger</c>: the route template, the allowed methods and the key requirement.</summary>
public sealed record HttpTriggerBinding(string Name, string? Route, IReadOnlyList<string> Methods, AuthorizationLevel AuthLevel);

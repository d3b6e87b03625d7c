namespace Pipeline.Emulators.EventHubs.Errors;

/// <summary>The emulator's configuration (Config.json or options) cannot be used; the message says where and why.</summary>
public sealed class EmulatorConfigurationException : Exception
{
    public EmulatorConfigurationException(string message)
        : base(message)
    {
    }

    public EmulatorConfigurationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

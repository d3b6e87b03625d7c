using System.Globalization;

namespace Pipeline.Cli.Load;

/// <summary>The machine's load average and core count, stamped on every report: figures measured on a busy machine must say so.</summary>
internal static class MachineLoad
{
    public static string? Describe()
    {
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return string.Create(CultureInfo.InvariantCulture, $"{fields[0]} {fields[1]} {fields[2]} on {Environment.ProcessorCount} cores");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>CPU seconds this process has used so far (user + system).</summary>
    public static double ProcessCpuSeconds()
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        return process.TotalProcessorTime.TotalSeconds;
    }
}

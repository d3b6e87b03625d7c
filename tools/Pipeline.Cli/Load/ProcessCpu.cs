using System.Globalization;

namespace Pipeline.Cli.Load;

/// <summary>A process of the local stack and the name its CPU is reported under; its descendants count as <paramref name="DescendantsRole"/> (or as itself).</summary>
internal sealed record StackProcess(string Role, int ProcessId, string? DescendantsRole = null);

/// <summary>CPU-seconds one role used between two snapshots.</summary>
internal sealed record RoleCpu(string Role, double CpuSeconds);

/// <summary>
/// CPU time per process of the local stack, from <c>/proc/&lt;pid&gt;/stat</c> (user + system time): each process is
/// charged to the nearest declared ancestor, so a handler started by the Functions host is charged as the handler, not
/// as the host. On systems without <c>/proc</c> the snapshot is empty.
/// </summary>
internal sealed class ProcessCpu
{
    // USER_HZ: the unit of utime/stime in /proc/<pid>/stat, 100 on every Linux architecture .NET runs on.
    private const double TicksPerSecond = 100;
    private readonly IReadOnlyList<StackProcess> roots;

    public ProcessCpu(IReadOnlyList<StackProcess> roots)
    {
        this.roots = roots;
    }

    /// <summary>Whether CPU can be read here (Linux).</summary>
    public static bool Supported => Directory.Exists("/proc/self/task");

    /// <summary>Ticks of CPU so far per role, in the order roles were declared.</summary>
    public Dictionary<string, long> Take()
    {
        var ticks = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var root in roots)
        {
            ticks.TryAdd(root.Role, 0);
            if (root.DescendantsRole is { } descendants)
            {
                ticks.TryAdd(descendants, 0);
            }
        }

        if (!Supported)
        {
            return ticks;
        }

        var processes = ReadAll();
        var rootById = roots.ToDictionary(r => r.ProcessId);
        foreach (var (pid, (parent, cpu)) in processes)
        {
            // Walk up to the nearest declared process; depth-bounded in case of a parent loop while pids are reused.
            var role = (string?)null;
            var current = pid;
            for (var depth = 0; depth < 32 && current > 1; depth++)
            {
                if (rootById.TryGetValue(current, out var root))
                {
                    role = current == pid ? root.Role : root.DescendantsRole ?? root.Role;
                    break;
                }

                current = processes.TryGetValue(current, out var entry) ? entry.Parent : 0;
            }

            if (role is not null)
            {
                ticks[role] += cpu;
            }
        }

        return ticks;
    }

    /// <summary>CPU-seconds per role between two snapshots.</summary>
    public static IReadOnlyList<RoleCpu> Between(Dictionary<string, long> before, Dictionary<string, long> after) =>
        [.. after.Select(a => new RoleCpu(a.Key, Math.Max(0, a.Value - before.GetValueOrDefault(a.Key)) / TicksPerSecond))];

    private static Dictionary<int, (int Parent, long Cpu)> ReadAll()
    {
        var result = new Dictionary<int, (int, long)>();
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(directory), NumberStyles.None, CultureInfo.InvariantCulture, out var pid))
            {
                continue;
            }

            try
            {
                if (Parse(File.ReadAllText(Path.Combine(directory, "stat"))) is { } entry)
                {
                    result[pid] = entry;
                }
            }
            catch (IOException)
            {
                // The process exited while we looked.
            }
            catch (UnauthorizedAccessException)
            {
                // Not ours to read.
            }
        }

        return result;
    }

    /// <summary>Parent pid and utime + stime from a stat line; the command name in parentheses may itself contain spaces and parentheses.</summary>
    internal static (int Parent, long Cpu)? Parse(string stat)
    {
        var close = stat.LastIndexOf(')');
        if (close < 0)
        {
            return null;
        }

        // After ") ": state(3) ppid(4) pgrp(5) session(6) tty_nr(7) tpgid(8) flags(9) minflt(10) cminflt(11) majflt(12) cmajflt(13) utime(14) stime(15)
        var fields = stat[(close + 2)..].Split(' ');
        return fields.Length > 12
            && int.TryParse(fields[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var parent)
            && long.TryParse(fields[11], NumberStyles.Integer, CultureInfo.InvariantCulture, out var user)
            && long.TryParse(fields[12], NumberStyles.Integer, CultureInfo.InvariantCulture, out var system)
            ? (parent, user + system)
            : null;
    }
}

using Pipeline.Cli.Load;

namespace Pipeline.Cli.Tests;

public sealed class ProcessCpuTests
{
    [Fact]
    public void A_stat_line_gives_parent_and_user_plus_system_ticks_even_with_spaces_and_parentheses_in_the_name()
    {
        var stat = "4242 (.NET TP (Worker) 1) S 4000 4242 4000 0 -1 4194560 1000 0 0 0 250 75 0 0 20 0 30 0 12345 0 0";

        Assert.Equal((4000, 325L), ProcessCpu.Parse(stat));
    }

    [Fact]
    public void A_malformed_stat_line_is_skipped()
    {
        Assert.Null(ProcessCpu.Parse("garbage"));
    }

    [Fact]
    public void This_process_is_charged_to_its_role_and_a_busy_loop_shows_up_where_proc_exists()
    {
        var cpu = new ProcessCpu([new StackProcess("tests", Environment.ProcessId)]);
        var before = cpu.Take();
        var until = DateTime.UtcNow.AddMilliseconds(300);
        var spins = 0L;
        while (DateTime.UtcNow < until)
        {
            spins++;
        }

        var used = ProcessCpu.Between(before, cpu.Take());

        Assert.True(spins > 0);
        var role = Assert.Single(used);
        Assert.Equal("tests", role.Role);
        if (ProcessCpu.Supported)
        {
            Assert.True(role.CpuSeconds > 0, $"a 300 ms busy loop used {role.CpuSeconds} CPU-seconds");
        }
        else
        {
            Assert.Equal(0, role.CpuSeconds);
        }
    }
}

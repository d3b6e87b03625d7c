using BenchmarkDotNet.Running;
using Pipeline.Benchmarks.FunctionsHost;

// `functions-host` runs the Stopwatch measurement of the local Functions host; anything else goes to BenchmarkDotNet.
if (args is ["functions-host", ..])
{
    await FunctionsHostMeasurement.RunAsync().ConfigureAwait(false);
    return;
}

// Runs every benchmark class in this assembly; pass BenchmarkDotNet arguments (e.g. --filter) through.
BenchmarkSwitcher.FromAssembly(typeof(FunctionsHostMeasurement).Assembly).Run(args);

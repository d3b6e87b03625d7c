using BenchmarkDotNet.Running;
using Pipeline.Benchmarks.Cosmos;
using Pipeline.Benchmarks.Store;

// `cosmos` runs the Cosmos DB emulator throughput benchmark, `store` the event store's cost count; anything else goes to BenchmarkDotNet (e.g. --filter).
if (args is ["cosmos", ..])
{
    return await CosmosGatewayBenchmark.RunAsync(args[1..]);
}

if (args is ["store", ..])
{
    return await StoreCostBenchmark.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;
using Pipeline.Benchmarks.FunctionsHost;

// `functions-host` runs the Stopwatch measurement of the local Functions host; anything else goes to BenchmarkDotNet.
if (args is ["functions-host", ..])
{
    await FunctionsHostMeasurement.RunAsync().ConfigureAwait(false);
    return;
}

// Runs every benchmark class in this assembly; pass BenchmarkDotNet arguments (e.g. --filter) through.
BenchmarkSwitcher.FromAssembly(typeof(FunctionsHostMeasurement).Assembly).Run(args);

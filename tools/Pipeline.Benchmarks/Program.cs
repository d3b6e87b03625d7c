using BenchmarkDotNet.Running;
using Pipeline.Benchmarks.Cosmos;
using Pipeline.Benchmarks.EventHubs;
using Pipeline.Benchmarks.FunctionsHost;
using Pipeline.Benchmarks.Store;

// Named measurements run directly (`cosmos`, `cosmos-writes`, `cosmos-query`, `store`, `projector`, `eventhubs`, `functions-host`); anything else goes to
// BenchmarkDotNet (e.g. --filter).
switch (args)
{
    case ["cosmos", ..]:
        return await CosmosGatewayBenchmark.RunAsync(args[1..]);
    case ["cosmos-writes", ..]:
        return await CosmosWriteCostBenchmark.RunAsync(args[1..]);
    case ["cosmos-query", ..]:
        return await CosmosQueryBenchmark.RunAsync(args[1..]);
    case ["projector", ..]:
        return await ProjectorPathMeasurement.RunAsync(args[1..]);
    case ["store", ..]:
        return await StoreCostBenchmark.RunAsync(args[1..]);
    case ["eventhubs", ..]:
        return await EventHubsThroughputMeasurement.RunAsync(args[1..]);
    case ["functions-host", ..]:
        await FunctionsHostMeasurement.RunAsync().ConfigureAwait(false);
        return 0;
    default:
        BenchmarkSwitcher.FromAssembly(typeof(CosmosGatewayBenchmark).Assembly).Run(args);
        return 0;
}

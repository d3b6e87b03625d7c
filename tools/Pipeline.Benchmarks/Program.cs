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

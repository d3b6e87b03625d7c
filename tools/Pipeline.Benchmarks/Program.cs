using BenchmarkDotNet.Running;
using Pipeline.Benchmarks.Cosmos;

// `cosmos` runs the Cosmos DB emulator throughput benchmark, `cosmos-query` its query latency benchmark; anything else
// goes to BenchmarkDotNet (e.g. --filter).
if (args is ["cosmos", ..])
{
    return await CosmosGatewayBenchmark.RunAsync(args[1..]);
}

if (args is ["cosmos-query", ..])
{
    return await CosmosQueryBenchmark.RunAsync(args[1..]);
}

BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
return 0;

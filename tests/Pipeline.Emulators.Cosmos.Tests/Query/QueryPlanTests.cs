using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Azure.Cosmos;

namespace Pipeline.Emulators.Cosmos.Tests.Query;

/// <summary>
/// The query plan endpoint over the wire, compared with what the gateway's query engine answers for the same queries
/// (the shapes pinned by the .NET SDK's query plan baselines): queryInfo, the rewritten per-range query, and point
/// ranges whose effective partition keys equal those @azure/cosmos computes (hash version 2).
/// </summary>
public sealed class QueryPlanTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Order_by_is_rewritten_to_return_sort_items_and_payload_with_the_filter_placeholder()
    {
        var plan = await PlanAsync("SELECT * FROM Root r WHERE r.pk = 'p1' ORDER BY r.n");
        var info = plan["queryInfo"]!;
        Assert.Equal("""["Ascending"]""", info["orderBy"]!.ToJsonString());
        Assert.Equal("""["r.n"]""", info["orderByExpressions"]!.ToJsonString());
        Assert.Equal(
            "SELECT r._rid, [{\"item\": r.n}] AS orderByItems, r AS payload\nFROM Root AS r\nWHERE ((r.pk = \"p1\") AND ({documentdb-formattableorderbyquery-filter}))\nORDER BY r.n",
            info["rewrittenQuery"]!.GetValue<string>());
        Assert.Equal(2, plan["partitionedQueryExecutionInfoVersion"]!.GetValue<int>());
        Assert.Equal(
            """[{"min":"062B23DEC15212F01B9A85F4E93A940C","max":"062B23DEC15212F01B9A85F4E93A940C","isMinInclusive":true,"isMaxInclusive":true}]""",
            plan["queryRanges"]!.ToJsonString());
    }

    [Fact]
    public async Task Aggregates_are_rewritten_to_partial_results_over_the_whole_key_space()
    {
        var plan = await PlanAsync("SELECT VALUE AVG(c.n) FROM c");
        Assert.Equal("""["Average"]""", plan["queryInfo"]!["aggregates"]!.ToJsonString());
        Assert.True(plan["queryInfo"]!["hasSelectValue"]!.GetValue<bool>());
        Assert.Equal("SELECT VALUE [{\"item\": {\"sum\": SUM(c.n), \"count\": COUNT(c.n)}}]\nFROM c", plan["queryInfo"]!["rewrittenQuery"]!.GetValue<string>());
        Assert.Equal("""[{"min":"","max":"FF","isMinInclusive":true,"isMaxInclusive":false}]""", plan["queryRanges"]!.ToJsonString());
    }

    [Fact]
    public async Task Group_by_names_aliases_and_their_aggregate_types()
    {
        var info = (await PlanAsync("SELECT c.name, COUNT(1) AS count, MIN(c.n) FROM c GROUP BY c.name"))["queryInfo"]!;
        Assert.Equal("""["c.name"]""", info["groupByExpressions"]!.ToJsonString());
        Assert.Equal("""["name","count","$1"]""", info["groupByAliases"]!.ToJsonString());
        Assert.Equal("""{"name":null,"count":"Count","$1":"Min"}""", info["groupByAliasToAggregateType"]!.ToJsonString());
        Assert.Equal(
            "SELECT [{\"item\": c.name}] AS groupByItems, {\"name\": c.name, \"count\": {\"item\": COUNT(1)}, \"$1\": {\"item\": MIN(c.n), \"item2\": {\"min\": MIN(c.n), \"count\": COUNT(c.n)}}} AS payload\nFROM c\nGROUP BY c.name",
            info["rewrittenQuery"]!.GetValue<string>());
    }

    [Fact]
    public async Task Distinct_with_order_by_is_ordered_and_filters_undefined_values()
    {
        var info = (await PlanAsync("SELECT DISTINCT VALUE c.name FROM c ORDER BY c.name"))["queryInfo"]!;
        Assert.Equal("Ordered", info["distinctType"]!.GetValue<string>());
        Assert.Equal(
            "SELECT c._rid, [{\"item\": c.name}] AS orderByItems, c.name AS payload\nFROM c\nWHERE (({documentdb-formattableorderbyquery-filter}) AND IS_DEFINED(c.name))\nORDER BY c.name",
            info["rewrittenQuery"]!.GetValue<string>());
        Assert.Equal("Unordered", (await PlanAsync("SELECT DISTINCT c.name FROM c"))["queryInfo"]!["distinctType"]!.GetValue<string>());
    }

    [Fact]
    public async Task Offset_limit_from_parameters_asks_each_range_for_offset_plus_limit()
    {
        var info = (await PlanAsync("SELECT * FROM c OFFSET @o LIMIT @l", """[{"name":"@o","value":1},{"name":"@l","value":2}]"""))["queryInfo"]!;
        Assert.Equal((1, 2), (info["offset"]!.GetValue<int>(), info["limit"]!.GetValue<int>()));
        Assert.Equal("SELECT *\nFROM c\nOFFSET 0 LIMIT 3", info["rewrittenQuery"]!.GetValue<string>());
    }

    [Fact]
    public async Task In_lists_and_parameters_give_one_point_range_per_partition_key_in_key_order()
    {
        var plan = await PlanAsync("SELECT TOP 5 * FROM c WHERE c.pk IN ('a', 5)");
        Assert.Equal(5, plan["queryInfo"]!["top"]!.GetValue<int>());
        Assert.Equal(string.Empty, plan["queryInfo"]!["rewrittenQuery"]!.GetValue<string>());
        Assert.Equal(["19C08621B135968252FB34B4CF66F811", "3A5381E1114EB8D3FCC90795045B49B7"], plan["queryRanges"]!.AsArray().Select(r => r!["min"]!.GetValue<string>()));
        var bound = await PlanAsync("SELECT * FROM c WHERE c.n > 1 AND @key = c.pk", """[{"name":"@key","value":true}]""");
        Assert.Equal("0E711127C5B5A8E4726AC6DD306A3E59", bound["queryRanges"]![0]!["max"]!.GetValue<string>());
        var nulls = await PlanAsync("SELECT * FROM c WHERE c.pk = null");
        Assert.Equal("378867E4430E67857ACE5C908374FE16", nulls["queryRanges"]![0]!["min"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_cross_partition_query_that_needs_merging_is_refused_with_the_plan_attached()
    {
        var container = await ContainerAsync();
        using var request = Request(container, "SELECT VALUE c.n FROM c ORDER BY c.n", "[]", plan: false);
        using var http = new HttpClient { BaseAddress = fixture.Emulator.Endpoint };
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("1004", response.Headers.GetValues("x-ms-substatus").Single());
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var plan = JsonNode.Parse(body["additionalErrorInfo"]!.GetValue<string>())!;
        Assert.Equal("""["c.n"]""", plan["queryInfo"]!["orderByExpressions"]!.ToJsonString());
    }

    [Fact]
    public async Task An_aggregate_inside_an_expression_cannot_be_planned_and_says_why()
    {
        var container = await ContainerAsync();
        using var request = Request(container, "SELECT VALUE ABS(MIN(c.n)) FROM c", "[]", plan: true);
        using var http = new HttpClient { BaseAddress = fixture.Emulator.Endpoint };
        using var response = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("position 13: an aggregate inside a larger expression cannot be combined across partitions", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private Container? container;

    // Hash version 2, as the portal and hierarchical keys use; version 1 containers get the whole key space instead.
    private async Task<Container> ContainerAsync() => container ??= await fixture.NewContainerAsync(p => p.PartitionKeyDefinitionVersion = PartitionKeyDefinitionVersion.V2);

    private async Task<JsonNode> PlanAsync(string query, string parameters = "[]")
    {
        using var request = Request(await ContainerAsync(), query, parameters, plan: true);
        using var http = new HttpClient { BaseAddress = fixture.Emulator.Endpoint };
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, text);
        return JsonNode.Parse(text)!;
    }

    private HttpRequestMessage Request(Container target, string query, string parameters, bool plan)
    {
        var link = $"dbs/{target.Database.Id}/colls/{target.Id}";
        var request = ResourceTests.Signed(HttpMethod.Post, "/" + link + "/docs", "docs", link, fixture.Emulator.AccountKey);
        request.Headers.TryAddWithoutValidation("x-ms-documentdb-isquery", "True");
        if (plan)
        {
            request.Headers.TryAddWithoutValidation("x-ms-cosmos-is-query-plan-request", "True");
            request.Headers.TryAddWithoutValidation("x-ms-cosmos-supported-query-features", "Aggregate, Distinct, MultipleOrderBy, OffsetAndLimit, OrderBy, Top, CompositeAggregate, GroupBy, MultipleAggregates");
        }

        request.Content = new StringContent($$"""{"query":{{JsonValue.Create(query).ToJsonString()}},"parameters":{{parameters}}}""", Encoding.UTF8);
        request.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/query+json");
        return request;
    }
}

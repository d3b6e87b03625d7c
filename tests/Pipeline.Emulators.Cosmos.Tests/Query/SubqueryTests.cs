using Pipeline.Emulators.Cosmos.Query;

namespace Pipeline.Emulators.Cosmos.Tests.Query;

/// <summary>
/// Correlated subqueries (EXISTS, ARRAY, scalar) and JOINs that reach through several array levels, over the six
/// documents of <see cref="QueryEngineTests"/>; expected results are worked out by hand from the SQL reference.
/// </summary>
public sealed class SubqueryTests
{
    public static TheoryData<string, string> Queries => new()
    {
        { "SELECT VALUE c.id FROM c WHERE EXISTS(SELECT VALUE t FROM t IN c.tags WHERE t = 'x')", """["1","4","5"]""" },
        { "SELECT VALUE c.id FROM c WHERE NOT EXISTS(SELECT VALUE t FROM t IN c.tags)", """["3","6"]""" },
        { "SELECT c.id, ARRAY(SELECT VALUE i.sku FROM i IN c.items WHERE i.qty > 1) AS skus FROM c WHERE c.pk = 'a'", """[{"id":"1","skus":["s1"]},{"id":"2","skus":["s1"]}]""" },
        { "SELECT VALUE (SELECT VALUE COUNT(1) FROM t IN c.tags) FROM c", "[2,1,0,2,1,0]" },
        { "SELECT VALUE c.id FROM c WHERE (SELECT VALUE SUM(i.qty * i.price) FROM i IN c.items) > 5", """["1","2","5"]""" },
        { "SELECT VALUE (SELECT i.sku FROM i IN c.items WHERE i.price > 5) FROM c WHERE c.id = '1'", """[{"sku":"s2"}]""" },
        { "SELECT VALUE ARRAY(SELECT DISTINCT VALUE t FROM t IN c.tags ORDER BY t) FROM c WHERE c.id = '4'", """[["x","z"]]""" },
        { "SELECT VALUE ARRAY(SELECT TOP 1 VALUE i.sku FROM i IN c.items ORDER BY i.price DESC) FROM c WHERE c.pk = 'a'", """[["s2"],["s1"]]""" },
        { "SELECT VALUE [c.id, i.sku, t] FROM c JOIN i IN c.items JOIN t IN c.tags WHERE c.pk = 'a'", """[["1","s1","x"],["1","s1","y"],["1","s2","x"],["1","s2","y"],["2","s1","y"]]""" },
        { "SELECT VALUE v FROM c JOIN i IN c.items JOIN v IN [i.sku, i.qty] WHERE c.id = '1'", """["s1",2,"s2",1]""" },
        { "SELECT c.id, (SELECT VALUE MAX(i.qty) FROM i IN c.items) AS most FROM c WHERE c.pk = 'c'", """[{"id":"5","most":3},{"id":"6"}]""" },
    };

    [Theory]
    [MemberData(nameof(Queries))]
    public void Subquery_returns_the_documented_result(string query, string expected) =>
        Assert.Equal(expected, CosmosSql.Execute(query, QueryEngineTests.Documents));
}

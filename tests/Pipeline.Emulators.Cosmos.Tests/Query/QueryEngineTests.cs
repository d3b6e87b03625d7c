using Pipeline.Emulators.Cosmos.Query;

namespace Pipeline.Emulators.Cosmos.Tests.Query;

/// <summary>
/// The SQL engine on its own, over six documents in three partitions. Every expected result is written out by hand
/// from the Cosmos DB SQL reference, not produced by the engine.
/// </summary>
public sealed class QueryEngineTests
{
    internal static readonly string[] Documents =
    [
        """{"id":"1","pk":"a","name":"Alice","age":30,"city":"Paris","tags":["x","y"],"items":[{"sku":"s1","qty":2,"price":1.5},{"sku":"s2","qty":1,"price":10}],"active":true}""",
        """{"id":"2","pk":"a","name":"bob","age":25,"city":"Lyon","tags":["y"],"items":[{"sku":"s1","qty":5,"price":1.5}],"active":false}""",
        """{"id":"3","pk":"b","name":"Carol","age":35,"city":"Paris","tags":[],"items":[],"active":true,"nick":null}""",
        """{"id":"4","pk":"b","name":"Dave","age":"forty","city":"Berlin","tags":["z","x"],"active":true}""",
        """{"id":"5","pk":"c","name":"Eve","age":28,"tags":["x"],"items":[{"sku":"s3","qty":3,"price":2}],"active":false,"nick":"evie"}""",
        """{"id":"6","pk":"c","name":"Frank_1","age":40,"city":"Lyon","active":null}""",
    ];

    public static TheoryData<string, string> Queries => new()
    {
        // Projections, aliases and FROM forms.
        { "SELECT VALUE c.id FROM c", """["1","2","3","4","5","6"]""" },
        { "SELECT c.id, c.name FROM c WHERE c.pk = 'a'", """[{"id":"1","name":"Alice"},{"id":"2","name":"bob"}]""" },
        { "SELECT * FROM c WHERE c.id = '3'", """[{"id":"3","pk":"b","name":"Carol","age":35,"city":"Paris","tags":[],"items":[],"active":true,"nick":null}]""" },
        { "SELECT f.id FROM Families f WHERE f.pk = 'c'", """[{"id":"5"},{"id":"6"}]""" },
        { "SELECT VALUE r.id FROM root r WHERE r.age > 29", """["1","3","6"]""" },
        { "SELECT c.name AS n, c.age + 1 AS next FROM c WHERE c.pk = 'b'", """[{"n":"Carol","next":36},{"n":"Dave"}]""" },
        { "SELECT c.age * 2, c.id FROM c WHERE c.id = '1'", """[{"$1":60,"id":"1"}]""" },
        { "SELECT c.city FROM c WHERE c.pk = 'c'", """[{},{"city":"Lyon"}]""" },
        { "SELECT VALUE {\"id\": c.id, \"first\": c.tags[0]} FROM c WHERE c.pk = 'a'", """[{"id":"1","first":"x"},{"id":"2","first":"y"}]""" },
        { "SELECT VALUE c[\"name\"] FROM c WHERE c.id = '2'", """["bob"]""" },
        { "SELECT VALUE c.items[1].sku FROM c WHERE IS_DEFINED(c.items[1])", """["s2"]""" },
        { "SELECT VALUE 1 + 2 * 3 - 4 / 2", "[5]" },
        { "SELECT VALUE c.age % 7 FROM c WHERE c.pk = 'a'", "[2,4]" },
        { "SELECT VALUE 'x' || c.id FROM c WHERE c.pk = 'c'", """["x5","x6"]""" },

        // Comparison and logic, with undefined propagation.
        { "SELECT VALUE c.id FROM c WHERE c.age >= 28 AND c.age <= 30", """["1","5"]""" },
        { "SELECT VALUE c.id FROM c WHERE c.age BETWEEN 28 AND 35", """["1","3","5"]""" },
        { "SELECT VALUE c.id FROM c WHERE c.age NOT BETWEEN 28 AND 35", """["2","6"]""" },
        { "SELECT VALUE c.id FROM c WHERE c.city IN ('Paris', 'Berlin')", """["1","3","4"]""" },
        { "SELECT VALUE c.id FROM c WHERE c.city NOT IN ('Paris')", """["2","4","6"]""" },
        { "SELECT VALUE c.id FROM c WHERE NOT c.active", """["2","5"]""" },
        { "SELECT VALUE c.id FROM c WHERE c.active = true OR c.age < 26", """["1","2","3","4"]""" },
        { "SELECT VALUE c.id FROM c WHERE c.age = '30'", "[]" },
        { "SELECT VALUE c.id FROM c WHERE c.age > 'a'", """["4"]""" },
        { "SELECT VALUE c.id FROM c WHERE c.missing = null", "[]" },
        { "SELECT VALUE c.id FROM c WHERE c.tags = ['y']", """["2"]""" },
        { "SELECT VALUE c.id FROM c WHERE c.items[0] = {\"sku\": \"s3\", \"qty\": 3, \"price\": 2}", """["5"]""" },
        { "SELECT VALUE (c.age ?? 0) > 29 FROM c WHERE c.pk = 'b'", "[true]" },
        { "SELECT VALUE c.active ? 'on' : 'off' FROM c WHERE c.pk = 'c'", """["off","off"]""" },
        { "SELECT VALUE c.nick ?? c.name FROM c WHERE c.pk != 'a'", """[null,"Dave","evie","Frank_1"]""" },

        // Type checks.
        { "SELECT VALUE c.id FROM c WHERE IS_DEFINED(c.nick)", """["3","5"]""" },
        { "SELECT VALUE c.id FROM c WHERE IS_NULL(c.nick)", """["3"]""" },
        { "SELECT VALUE c.id FROM c WHERE IS_STRING(c.age)", """["4"]""" },
        { "SELECT VALUE c.id FROM c WHERE IS_NUMBER(c.age) AND IS_BOOL(c.active)", """["1","2","3","5"]""" },
        { "SELECT VALUE [IS_ARRAY(c.tags), IS_OBJECT(c.items[0]), IS_PRIMITIVE(c.name)] FROM c WHERE c.id = '1'", "[[true,true,true]]" },

        // String functions and LIKE.
        { "SELECT VALUE c.name FROM c WHERE STARTSWITH(c.name, 'b')", """["bob"]""" },
        { "SELECT VALUE c.name FROM c WHERE STARTSWITH(c.name, 'c', true)", """["Carol"]""" },
        { "SELECT VALUE c.name FROM c WHERE ENDSWITH(c.name, 'e')", """["Alice","Dave","Eve"]""" },
        { "SELECT VALUE c.name FROM c WHERE CONTAINS(c.name, 'A')", """["Alice"]""" },
        { "SELECT VALUE c.name FROM c WHERE CONTAINS(c.name, 'A', true)", """["Alice","Carol","Dave","Frank_1"]""" },
        { "SELECT VALUE LOWER(c.name) FROM c WHERE c.pk = 'b'", """["carol","dave"]""" },
        { "SELECT VALUE UPPER(c.city) FROM c WHERE c.pk = 'c'", """["LYON"]""" },
        { "SELECT VALUE LENGTH(c.name) FROM c WHERE c.pk = 'a'", "[5,3]" },
        { "SELECT VALUE SUBSTRING(c.name, 1, 3) FROM c WHERE c.id = '1'", """["lic"]""" },
        { "SELECT VALUE CONCAT(c.name, '@', c.city) FROM c WHERE c.pk = 'c'", """["Frank_1@Lyon"]""" },
        { "SELECT VALUE [TRIM('  hi  '), LTRIM('  a '), RTRIM(' a  ')]", """[["hi","a "," a"]]""" },
        { "SELECT VALUE INDEX_OF(c.name, 'o') FROM c WHERE c.pk = 'b'", "[3,-1]" },
        { "SELECT VALUE REPLACE(c.city, 'Paris', 'PAR') FROM c WHERE c.pk = 'b'", """["PAR","Berlin"]""" },
        { "SELECT VALUE [LEFT(c.name, 2), RIGHT(c.name, 2)] FROM c WHERE c.id = '3'", """[["Ca","ol"]]""" },
        { "SELECT VALUE TOSTRING(c.age) FROM c WHERE c.pk = 'b'", """["35","forty"]""" },
        { "SELECT VALUE c.name FROM c WHERE c.name LIKE '%a%'", """["Carol","Dave","Frank_1"]""" },
        { "SELECT VALUE c.name FROM c WHERE c.name LIKE 'Frank!_%' ESCAPE '!'", """["Frank_1"]""" },
        { "SELECT VALUE c.name FROM c WHERE c.name LIKE '_ve'", """["Eve"]""" },
        { "SELECT VALUE c.name FROM c WHERE c.name LIKE '[AB]%'", """["Alice"]""" },
        { "SELECT VALUE c.name FROM c WHERE c.name NOT LIKE '%e'", """["bob","Carol","Frank_1"]""" },

        // Arrays and math.
        { "SELECT VALUE c.id FROM c WHERE ARRAY_CONTAINS(c.tags, 'x')", """["1","4","5"]""" },
        { "SELECT VALUE c.id FROM c WHERE ARRAY_CONTAINS(c.items, {\"sku\": \"s1\"}, true)", """["1","2"]""" },
        { "SELECT VALUE c.id FROM c WHERE ARRAY_CONTAINS(c.items, {\"sku\": \"s1\"})", "[]" },
        { "SELECT VALUE ARRAY_LENGTH(c.tags) FROM c", "[2,1,0,2,1]" },
        { "SELECT VALUE [ARRAY_SLICE(c.tags, 1), ARRAY_SLICE([1, 2, 3, 4], -2, 1)] FROM c WHERE c.id = '1'", """[[["y"],[3]]]""" },
        { "SELECT VALUE ARRAY_CONCAT(c.tags, ['w']) FROM c WHERE c.id = '2'", """[["y","w"]]""" },
        { "SELECT VALUE [ABS(-2), CEILING(1.2), FLOOR(-1.2), ROUND(2.5), ROUND(-2.5), SQRT(16), POWER(2, 10), TRUNC(-1.7)]", "[[2,2,-2,3,-3,4,1024,-1]]" },

        // JOIN and FROM x IN.
        { "SELECT VALUE t FROM c JOIN t IN c.tags WHERE c.pk = 'a'", """["x","y","y"]""" },
        { "SELECT c.id, i.sku FROM c JOIN i IN c.items WHERE i.qty > 1", """[{"id":"1","sku":"s1"},{"id":"2","sku":"s1"},{"id":"5","sku":"s3"}]""" },
        { "SELECT VALUE i.sku FROM i IN c.items", """["s1","s2","s1","s3"]""" },
        { "SELECT * FROM t IN c.tags", """["x","y","y","z","x","x"]""" },

        // ORDER BY (type order undefined < null < boolean < number < string), TOP, OFFSET LIMIT, DISTINCT.
        { "SELECT VALUE c.id FROM c ORDER BY c.age", """["2","5","1","3","6","4"]""" },
        { "SELECT VALUE c.id FROM c ORDER BY c.age DESC", """["4","6","3","1","5","2"]""" },
        { "SELECT VALUE c.id FROM c ORDER BY c.city, c.name DESC", """["5","4","2","6","3","1"]""" },
        { "SELECT VALUE c.active FROM c ORDER BY c.active", "[null,false,false,true,true,true]" },
        { "SELECT TOP 2 VALUE c.id FROM c ORDER BY c.id DESC", """["6","5"]""" },
        { "SELECT VALUE c.id FROM c ORDER BY c.id OFFSET 1 LIMIT 2", """["2","3"]""" },
        { "SELECT VALUE c.id FROM c OFFSET 4 LIMIT 10", """["5","6"]""" },
        { "SELECT TOP 2 c.id FROM c ORDER BY c.age", """[{"id":"2"},{"id":"5"}]""" },
        { "SELECT c.id FROM c ORDER BY c.age DESC OFFSET 1 LIMIT 2", """[{"id":"6"},{"id":"3"}]""" },
        { "SELECT TOP 2 VALUE c.nick FROM c ORDER BY c.id", "[null,\"evie\"]" },
        { "SELECT VALUE c.id FROM c WHERE c.age > 26 AND c.age < 36 ORDER BY c.age DESC OFFSET 0 LIMIT 2", """["3","1"]""" },
        { "SELECT DISTINCT VALUE c.city FROM c", """["Paris","Lyon","Berlin"]""" },
        { "SELECT DISTINCT c.pk FROM c", """[{"pk":"a"},{"pk":"b"},{"pk":"c"}]""" },
        { "SELECT DISTINCT VALUE c.city FROM c ORDER BY c.city", """["Berlin","Lyon","Paris"]""" },

        // Aggregates and GROUP BY.
        { "SELECT VALUE COUNT(1) FROM c", "[6]" },
        { "SELECT COUNT(1) AS n, SUM(c.age) AS total FROM c WHERE c.pk = 'a'", """[{"n":2,"total":55}]""" },
        { "SELECT VALUE SUM(c.age) FROM c", "[]" },
        { "SELECT VALUE AVG(c.age) FROM c WHERE IS_NUMBER(c.age)", "[31.6]" },
        { "SELECT VALUE MIN(c.age) FROM c", "[25]" },
        { "SELECT VALUE MAX(c.age) FROM c", """["forty"]""" },
        { "SELECT VALUE COUNT(c.nick) FROM c", "[2]" },
        { "SELECT VALUE COUNT(1) FROM c WHERE c.pk = 'zzz'", "[0]" },
        { "SELECT VALUE MAX(c.age) FROM c WHERE c.pk = 'zzz'", "[]" },
        { "SELECT c.city, COUNT(1) AS n FROM c GROUP BY c.city", """[{"city":"Paris","n":2},{"city":"Lyon","n":2},{"city":"Berlin","n":1},{"n":1}]""" },
        { "SELECT c.pk, MAX(c.age) AS oldest, AVG(c.age) AS mean FROM c WHERE IS_NUMBER(c.age) GROUP BY c.pk", """[{"pk":"a","oldest":30,"mean":27.5},{"pk":"b","oldest":35,"mean":35},{"pk":"c","oldest":40,"mean":34}]""" },
        { "SELECT VALUE COUNT(1) FROM c JOIN t IN c.tags WHERE t = 'x'", "[3]" },
    };

    public static TheoryData<string, string, string> ParameterizedQueries => new()
    {
        { "SELECT VALUE c.id FROM c WHERE c.name = @name", """[{"name":"@name","value":"Eve"}]""", """["5"]""" },
        { "SELECT VALUE c.id FROM c WHERE c.name IN (@a, @b)", """[{"name":"@a","value":"bob"},{"name":"@b","value":"Eve"}]""", """["2","5"]""" },
        { "SELECT TOP @n VALUE c.id FROM c", """[{"name":"@n","value":3}]""", """["1","2","3"]""" },
        { "SELECT VALUE c.id FROM c WHERE ARRAY_CONTAINS(@ids, c.id) ORDER BY c.id DESC", """[{"name":"@ids","value":["2","4"]}]""", """["4","2"]""" },
        { "SELECT VALUE c.id FROM c ORDER BY c.id OFFSET @skip LIMIT @take", """[{"name":"@skip","value":5},{"name":"@take","value":5}]""", """["6"]""" },
    };

    public static TheoryData<string, int, string> InvalidQueries => new()
    {
        { "SELECT * FORM c", 9, "unexpected 'FORM'" },
        { "SELECT c.id FROM c WHERE", 24, "unexpected 'end of query'" },
        { "SELECT x.id FROM c", 7, "identifier 'x' could not be resolved" },
        { "SELECT VALUE FOO(c.id) FROM c", 13, "'FOO' is not a recognized built-in function name" },
        { "SELECT * FROM c WHERE c.name = 'abc", 31, "the string literal is not terminated" },
        { "SELECT * FROM c JOIN t IN c.tags", 7, "'SELECT *' is only valid with a single input set" },
        { "SELECT c.pk FROM c GROUP BY c.pk ORDER BY c.pk", 39, "ORDER BY cannot be combined with GROUP BY" },
        { "SELECT * FROM c WHERE COUNT(1) > 1", 31, "aggregates are not allowed in the WHERE clause" },
        { "SELECT TOP -1 * FROM c", 11, "TOP expects a non-negative integer or a parameter, found '-'" },
        { "SELECT VALUE LOWER(c.id, 1) FROM c", 13, "the function 'LOWER' does not take 2 argument(s)" },
        { "SELECT * FROM c WHERE c.id = @missing", 29, "the parameter '@missing' is not defined in the request's parameters" },
        { "SELECT * FROM c WHERE EXISTS(c.tags)", 22, "EXISTS takes a subquery: EXISTS(SELECT …)" },
        { "SELECT VALUE (SELECT VALUE t FROM t IN c.tags FROM c", 13, "the subquery is missing its closing ')'" },
        { "SELECT VALUE ARRAY(SELECT VALUE x FROM t IN c.tags) FROM c", 32, "identifier 'x' could not be resolved" },
    };

    [Fact]
    public void Deeply_nested_query_text_is_refused_not_a_stack_overflow()
    {
        var query = "SELECT VALUE " + new string('(', 5000) + "1" + new string(')', 5000);
        var error = Assert.Throws<QueryException>(() => CosmosSql.Execute(query, Documents));
        Assert.Contains("more than 128 levels deep", error.Reason, StringComparison.Ordinal);
        var chain = Assert.Throws<QueryException>(() => CosmosSql.Execute("SELECT VALUE 1" + string.Concat(Enumerable.Repeat(" + 1", 100_000)), Documents));
        Assert.Contains("more than 2000 operators", chain.Reason, StringComparison.Ordinal);
        Assert.Throws<QueryException>(() => CosmosSql.Execute("SELECT VALUE c" + string.Concat(Enumerable.Repeat(".a", 100_000)) + " FROM c", Documents));
        Assert.Equal("[-1]", CosmosSql.Execute("SELECT VALUE " + string.Concat(Enumerable.Repeat("NOT ", 9)) + "true ? 1 : -1", Documents));
    }

    [Theory]
    [MemberData(nameof(Queries))]
    public void Query_returns_the_documented_result(string query, string expected) =>
        Assert.Equal(expected, CosmosSql.Execute(query, Documents));

    [Theory]
    [MemberData(nameof(ParameterizedQueries))]
    public void Parameters_are_bound_by_name(string query, string parameters, string expected) =>
        Assert.Equal(expected, CosmosSql.Execute(query, Documents, parameters));

    [Theory]
    [MemberData(nameof(InvalidQueries))]
    public void Invalid_query_text_is_reported_with_its_position_and_reason(string query, int position, string reason)
    {
        var error = Assert.Throws<QueryException>(() => CosmosSql.Execute(query, Documents));
        Assert.Equal((position, reason), (error.Position, error.Reason));
        Assert.Contains($"position {position}", error.Message, StringComparison.Ordinal);
    }
}

using System.Net;
using System.Text;
using Microsoft.Azure.Cosmos;
using Newtonsoft.Json.Linq;

namespace Pipeline.Emulators.Cosmos.Tests;

/// <summary>Writes keep the client's JSON as sent and own the system properties, whatever the client put in them.</summary>
public sealed class ItemBodyTests(EmulatorFixture fixture) : IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task System_properties_sent_by_the_client_are_replaced_by_the_services_and_nested_ones_are_kept()
    {
        var container = await fixture.NewContainerAsync();
        const string body = """{"_rid":"forged","id":"a","_etag":"\"forged\"","pk":"p1","nested":{"_etag":"mine","_ts":1},"_ts":1,"_self":"x","_attachments":"y","_lsn":7}""";
        using var created = await container.CreateItemStreamAsync(Stream(body), new PartitionKey("p1"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var read = await container.ReadItemAsync<JObject>("a", new PartitionKey("p1"));
        Assert.Equal(read.ETag, (string)read.Resource["_etag"]!);
        Assert.NotEqual("forged", (string)read.Resource["_rid"]!);
        Assert.EndsWith((string)read.Resource["_rid"]! + "/", (string)read.Resource["_self"]!, StringComparison.Ordinal);
        Assert.Equal("attachments/", (string)read.Resource["_attachments"]!);
        Assert.True((long)read.Resource["_ts"]! > 1_700_000_000);
        Assert.Equal("mine", (string)read.Resource["nested"]!["_etag"]!);
        Assert.Equal(["id", "pk", "nested", "_rid", "_self", "_etag", "_attachments", "_ts", "_lsn"], read.Resource.Properties().Select(p => p.Name));
    }

    [Fact]
    public async Task A_base64_value_is_stored_and_returned_as_sent_and_every_replace_changes_the_etag()
    {
        var container = await fixture.NewContainerAsync();
        var payload = Convert.ToBase64String(Enumerable.Range(0, 20_000).Select(i => (byte)(i * 7)).ToArray());
        using var created = await container.CreateItemStreamAsync(Stream($$"""{"id":"tip","pk":"p1","e":"{{payload}}"}"""), new PartitionKey("p1"));
        var etag = created.Headers.ETag;
        for (var version = 1; version <= 3; version++)
        {
            using var replaced = await container.ReplaceItemStreamAsync(
                Stream($$"""{"id":"tip","pk":"p1","v":{{version}},"e":"{{payload}}"}"""), "tip", new PartitionKey("p1"), new ItemRequestOptions { IfMatchEtag = etag });
            Assert.Equal(HttpStatusCode.OK, replaced.StatusCode);
            Assert.NotEqual(etag, replaced.Headers.ETag);
            etag = replaced.Headers.ETag;
        }

        using var read = await container.ReadItemStreamAsync("tip", new PartitionKey("p1"));
        var text = await new StreamReader(read.Content).ReadToEndAsync();
        Assert.StartsWith($$"""{"id":"tip","pk":"p1","v":3,"e":"{{payload}}","_rid":""", text, StringComparison.Ordinal);
        Assert.Equal(etag, read.Headers.ETag);
    }

    [Fact]
    public async Task A_body_that_is_not_valid_utf8_is_400()
    {
        var container = await fixture.NewContainerAsync();
        var body = Encoding.UTF8.GetBytes("""{"id":"a","pk":"p1","s":"xx"}""");
        body[^4] = 0xC3;
        body[^3] = 0x28;
        using var response = await container.CreateItemStreamAsync(new MemoryStream(body), new PartitionKey("p1"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Whitespace_and_escaped_names_in_the_body_still_give_one_well_formed_item()
    {
        var container = await fixture.NewContainerAsync();
        const string body = " {\n  \"\\u0069d\" : \"a\" ,\n  \"pk\":\"p1\", \"\\u005Fts\": 5, \"list\" : [1, {\"x\" : null}]\n} \n";
        using var created = await container.CreateItemStreamAsync(Stream(body), new PartitionKey("p1"));
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var read = await container.ReadItemAsync<JObject>("a", new PartitionKey("p1"));
        Assert.True((long)read.Resource["_ts"]! > 1_700_000_000);
        Assert.True(JToken.DeepEquals(JToken.Parse("[1,{\"x\":null}]"), read.Resource["list"]));
    }

    private static MemoryStream Stream(string json) => new(Encoding.UTF8.GetBytes(json));
}

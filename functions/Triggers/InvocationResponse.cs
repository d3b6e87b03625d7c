using System.Text.Json.Nodes;

namespace Pipeline.Functions.Triggers;

/// <summary>The custom-handler response to a non-HTTP invocation: <c>{"Outputs":{},"Logs":[...],"ReturnValue":null}</c>.</summary>
internal static class InvocationResponse
{
    public static IResult Success(IEnumerable<string> logs) => Results.Json(new JsonObject
    {
        ["Outputs"] = new JsonObject(),
        ["Logs"] = new JsonArray([.. logs.Select(l => JsonValue.Create(l))]),
        ["ReturnValue"] = null,
    });

    /// <summary>A non-2xx answer fails the invocation, so the host applies the function's retry policy.</summary>
    public static IResult Failure(string message) => Results.Json(new JsonObject
    {
        ["Outputs"] = new JsonObject(),
        ["Logs"] = new JsonArray(JsonValue.Create(message)),
        ["ReturnValue"] = null,
    }, statusCode: StatusCodes.Status503ServiceUnavailable);
}

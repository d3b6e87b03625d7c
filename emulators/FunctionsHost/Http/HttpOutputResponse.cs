using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Pipeline.Emulators.FunctionsHost.Http;

/// <summary>Turns the handler's http output (<c>Outputs.res</c>: statusCode, headers, body) into the caller's HTTP response.</summary>
internal static class HttpOutputResponse
{
    public static async Task WriteAsync(HttpResponse response, JsonNode? output, CancellationToken cancellationToken)
    {
        if (output is JsonValue text && text.TryGetValue<string>(out var serialized))
        {
            // Some handlers send the http output as a JSON string; the host deserializes its text the same way.
            output = JsonNode.Parse(serialized);
        }

        if (output is not JsonObject res)
        {
            response.StatusCode = StatusCodes.Status204NoContent;
            return;
        }

        JsonNode? Member(string name) => res.FirstOrDefault(p => string.Equals(p.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

        response.StatusCode = StatusCode(Member("statusCode") ?? Member("status"));
        if (Member("headers") is JsonObject headers)
        {
            foreach (var (name, value) in headers)
            {
                response.Headers[name] = value switch
                {
                    JsonArray many => many.Select(v => v is JsonValue jv && jv.TryGetValue<string>(out var s) ? s : v?.ToJsonString()).ToArray(),
                    JsonValue single when single.TryGetValue<string>(out var s) => s,
                    null => string.Empty,
                    _ => value.ToJsonString(),
                };
            }
        }

        var body = Member("body");
        if (body is null)
        {
            return;
        }

        byte[] bytes;
        if (body is JsonValue bodyValue && bodyValue.TryGetValue<string>(out var bodyText))
        {
            bytes = Encoding.UTF8.GetBytes(bodyText);
            response.ContentType ??= "text/plain; charset=utf-8";
        }
        else
        {
            bytes = Encoding.UTF8.GetBytes(body.ToJsonString());
            response.ContentType ??= "application/json; charset=utf-8";
        }

        response.ContentLength = bytes.Length;
        await response.Body.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
    }

    private static int StatusCode(JsonNode? node)
    {
        if (node is JsonValue value)
        {
            if (value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var number))
            {
                return number;
            }

            if (value.TryGetValue<string>(out var text) && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed))
            {
                return parsed;
            }
        }

        return StatusCodes.Status200OK;
    }
}

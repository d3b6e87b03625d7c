using System.Text.Json;
using System.Text.Json.Nodes;
using Pipeline.Emulators.Cosmos.Errors;
using Pipeline.Emulators.Cosmos.Predicates;
using Pipeline.Emulators.Cosmos.Storage;

namespace Pipeline.Emulators.Cosmos.Handlers;

/// <summary>
/// A partial document update: up to 10 operations (add, set, replace, remove, incr, move) applied in order, all or
/// nothing, optionally only when a `FROM c WHERE ...` condition holds for the current item.
/// </summary>
internal sealed class PatchRequest
{
    private const int MaxOperations = 10;
    private static readonly string[] ProtectedRoots = ["id", "_rid", "_self", "_etag", "_ts", "_lsn", "_attachments"];

    private PatchRequest(IReadOnlyList<JsonObject> operations, SqlFilter? condition)
    {
        Operations = operations;
        Condition = condition;
    }

    public IReadOnlyList<JsonObject> Operations { get; }

    public SqlFilter? Condition { get; }

    public static PatchRequest Parse(JsonObject body)
    {
        if (body["operations"] is not JsonArray operations || operations.Count == 0)
        {
            throw Fail.BadRequest("The patch request must carry a non-empty 'operations' array.");
        }

        if (operations.Count > MaxOperations)
        {
            throw Fail.BadRequest($"The number of patch operations can't exceed {MaxOperations}.");
        }

        SqlFilter? condition = null;
        if (body["condition"] is JsonValue text && text.GetValueKind() == JsonValueKind.String)
        {
            try
            {
                condition = SqlFilter.Parse(text.GetValue<string>());
            }
            catch (UnsupportedSqlException ex)
            {
                throw Fail.BadRequest($"The patch condition is not supported by this emulator: {ex.Message}. Use FROM c WHERE with comparisons, AND/OR/NOT and STARTSWITH/IS_DEFINED-style functions.");
            }
        }

        var list = new List<JsonObject>();
        foreach (var operation in operations)
        {
            if (operation is not JsonObject op || op["op"]?.GetValueKind() != JsonValueKind.String || op["path"]?.GetValueKind() != JsonValueKind.String)
            {
                throw Fail.BadRequest("Each patch operation needs an 'op' and a 'path'.");
            }

            list.Add(op);
        }

        return new PatchRequest(list, condition);
    }

    /// <summary>Applies every operation to <paramref name="document"/> (a private copy) and returns it.</summary>
    public JsonObject ApplyTo(JsonObject document)
    {
        foreach (var operation in Operations)
        {
            var op = operation["op"]!.GetValue<string>().ToLowerInvariant();
            var path = operation["path"]!.GetValue<string>();
            var value = operation["value"]?.DeepClone();
            switch (op)
            {
                case "add":
                    Put(document, path, value, insertIntoArray: true, mustExist: false);
                    break;
                case "set":
                    Put(document, path, value, insertIntoArray: false, mustExist: false);
                    break;
                case "replace":
                    Put(document, path, value, insertIntoArray: false, mustExist: true);
                    break;
                case "remove":
                    Remove(document, path);
                    break;
                case "incr":
                    Increment(document, path, operation["value"]);
                    break;
                case "move":
                    var from = operation["from"]?.GetValue<string>() ?? throw Fail.BadRequest("A move operation needs a 'from' path.");
                    if (path.StartsWith(from + "/", StringComparison.Ordinal))
                    {
                        throw Fail.BadRequest($"Cannot move '{from}' into its own child '{path}'.");
                    }

                    var moved = Remove(document, from);
                    Put(document, path, moved, insertIntoArray: false, mustExist: false);
                    break;
                default:
                    throw Fail.BadRequest($"Unknown patch operation '{op}'. Supported: add, set, replace, remove, incr, move.");
            }
        }

        return document;
    }

    private static (JsonNode Parent, string Last) Locate(JsonObject document, string path)
    {
        if (path.Length < 2 || path[0] != '/')
        {
            throw Fail.BadRequest($"The patch path '{path}' is invalid: it must start with '/' and name a property.");
        }

        var parts = path[1..].Split('/').Select(p => p.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();
        if (ProtectedRoots.Contains(parts[0]))
        {
            throw Fail.BadRequest($"The patch path '{path}' addresses a system property or the id, which cannot be patched.");
        }

        JsonNode node = document;
        foreach (var part in parts[..^1])
        {
            node = Child(node, part) ?? throw Fail.BadRequest($"The patch path '{path}' does not exist in the item.");
        }

        return (node, parts[^1]);
    }

    private static JsonNode? Child(JsonNode node, string name) => node switch
    {
        JsonObject obj => obj[name],
        JsonArray array when int.TryParse(name, out var i) && i >= 0 && i < array.Count => array[i],
        _ => null,
    };

    private static void Put(JsonObject document, string path, JsonNode? value, bool insertIntoArray, bool mustExist)
    {
        var (parent, last) = Locate(document, path);
        switch (parent)
        {
            case JsonObject obj:
                if (mustExist && !obj.ContainsKey(last))
                {
                    throw Fail.BadRequest($"The patch path '{path}' does not exist in the item, so it cannot be replaced.");
                }

                obj[last] = value;
                break;
            case JsonArray array:
                if (last == "-" && !mustExist)
                {
                    array.Add(value);
                }
                else if (int.TryParse(last, out var index) && index >= 0 && (index < array.Count || (insertIntoArray && index == array.Count)))
                {
                    if (insertIntoArray)
                    {
                        array.Insert(index, value);
                    }
                    else
                    {
                        array[index] = value;
                    }
                }
                else
                {
                    throw Fail.BadRequest($"The patch path '{path}' is not a valid index of the array.");
                }

                break;
            default:
                throw Fail.BadRequest($"The patch path '{path}' does not address an object property or array element.");
        }
    }

    private static JsonNode? Remove(JsonObject document, string path)
    {
        var (parent, last) = Locate(document, path);
        switch (parent)
        {
            case JsonObject obj when obj.ContainsKey(last):
                var value = obj[last];
                obj.Remove(last);
                return value;
            case JsonArray array when int.TryParse(last, out var index) && index >= 0 && index < array.Count:
                var element = array[index];
                array.RemoveAt(index);
                return element;
            default:
                throw Fail.BadRequest($"The patch path '{path}' does not exist in the item, so it cannot be removed.");
        }
    }

    private static void Increment(JsonObject document, string path, JsonNode? by)
    {
        if (by?.GetValueKind() != JsonValueKind.Number)
        {
            throw Fail.BadRequest($"The value of an incr operation on '{path}' must be a number.");
        }

        var (parent, last) = Locate(document, path);
        var current = Child(parent, last);
        if (current is null)
        {
            Put(document, path, by.DeepClone(), insertIntoArray: false, mustExist: false);
            return;
        }

        if (current.GetValueKind() != JsonValueKind.Number)
        {
            throw Fail.BadRequest($"The property at '{path}' is not a number, so it cannot be incremented.");
        }

        JsonNode result = JsonNumbers.TryToInt64(current, out var a) && JsonNumbers.TryToInt64(by, out var b)
            ? JsonValue.Create(a + b)
            : JsonValue.Create(JsonNumbers.ToDouble(current) + JsonNumbers.ToDouble(by));
        Put(document, path, result, insertIntoArray: false, mustExist: true);
    }
}

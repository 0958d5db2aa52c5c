using System.Globalization;
using System.Text.Json.Nodes;

namespace ActionItems.FakePhorge;

/// <summary>An error Conduit reports in the envelope (HTTP 200, <c>result: null</c>).</summary>
public sealed class ConduitErrorException(string code, string info) : Exception(info)
{
    public string Code { get; } = code;
    public string Info { get; } = info;

    public static ConduitErrorException Core(string info) => new("ERR-CONDUIT-CORE", info);

    public static ConduitErrorException Validation(IEnumerable<string> errors) =>
        Core("Validation errors:\n" + string.Join("\n", errors.Select(e => "  - " + e)));
}

/// <summary>
/// Reads Conduit parameters the way Phorge does. JSON-in-form values keep their JSON types; flat-form
/// values all arrive as strings, which Phorge coerces (fixture 64), so integers and booleans accept
/// digit strings and "1"/"0" too.
/// </summary>
internal static class ConduitParams
{
    public static int? ReadInt(JsonNode? node, string name)
    {
        if (node is null)
        {
            return null;
        }
        if (TryInt(node, out var value))
        {
            return value;
        }
        throw ConduitErrorException.Core($"Error while reading \"{name}\": Expected integer, got something else.");
    }

    public static long? ReadEpoch(JsonNode? node, string name)
    {
        if (node is null)
        {
            return null;
        }
        if (node is JsonValue v && v.TryGetValue<long>(out var l))
        {
            return l;
        }
        if (node is JsonValue s && s.TryGetValue<string>(out var text) && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed))
        {
            return parsed;
        }
        throw ConduitErrorException.Core($"Error while reading \"{name}\": Expected epoch timestamp, got something else.");
    }

    public static List<int>? ReadIntList(JsonNode? node, string name)
    {
        var items = ReadList(node, name);
        if (items is null)
        {
            return null;
        }
        var result = new List<int>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not { } item || !TryInt(item, out var value))
            {
                throw ConduitErrorException.Core($"Error while reading \"{name}[{i}]\": Expected integer, got something else.");
            }
            result.Add(value);
        }
        return result;
    }

    public static List<string>? ReadStringList(JsonNode? node, string name)
    {
        var items = ReadList(node, name);
        if (items is null)
        {
            return null;
        }
        var result = new List<string>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i] is not JsonValue v || !v.TryGetValue<string>(out var s))
            {
                throw ConduitErrorException.Core($"Error while reading \"{name}[{i}]\": Expected string, got something else.");
            }
            result.Add(s);
        }
        return result;
    }

    public static string? ReadString(JsonNode? node, string name)
    {
        if (node is null)
        {
            return null;
        }
        if (node is JsonValue v && v.TryGetValue<string>(out var s))
        {
            return s;
        }
        throw ConduitErrorException.Core($"Error while reading \"{name}\": Expected string, got something else.");
    }

    public static bool ReadBool(JsonNode? node) => node switch
    {
        null => false,
        JsonValue v when v.TryGetValue<bool>(out var b) => b,
        JsonValue v when v.TryGetValue<string>(out var s) => s is "1" or "true",
        JsonValue v when v.TryGetValue<int>(out var i) => i != 0,
        _ => false,
    };

    private static List<JsonNode?>? ReadList(JsonNode? node, string name) => node switch
    {
        null => null,
        JsonArray array => [.. array],
        // PHP decodes {"0": x, "1": y} and flat-form "name[0]" keys into the same list.
        JsonObject map when map.All(p => int.TryParse(p.Key, out _)) => [.. map.OrderBy(p => int.Parse(p.Key, CultureInfo.InvariantCulture)).Select(p => p.Value)],
        _ => throw ConduitErrorException.Core($"Error while reading \"{name}\": Expected list, got something else."),
    };

    private static bool TryInt(JsonNode node, out int value)
    {
        value = 0;
        if (node is not JsonValue v)
        {
            return false;
        }
        if (v.TryGetValue<int>(out value))
        {
            return true;
        }
        return v.TryGetValue<string>(out var s) && int.TryParse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value);
    }

    /// <summary>Flat form fields (<c>constraints[ids][0]=1</c>) as the nested object PHP would build; all values strings.</summary>
    public static JsonObject FromFlatForm(IEnumerable<KeyValuePair<string, string>> fields)
    {
        var root = new JsonObject();
        foreach (var (key, value) in fields)
        {
            var path = SplitBrackets(key);
            var node = root;
            for (var i = 0; i < path.Count - 1; i++)
            {
                if (node[path[i]] is not JsonObject child)
                {
                    child = new JsonObject();
                    node[path[i]] = child;
                }
                node = child;
            }
            node[path[^1]] = value;
        }
        return root;
    }

    private static List<string> SplitBrackets(string key)
    {
        var open = key.IndexOf('[', StringComparison.Ordinal);
        if (open <= 0)
        {
            return [key];
        }
        var parts = new List<string> { key[..open] };
        var rest = key[open..];
        while (rest.StartsWith('[') && rest.IndexOf(']', StringComparison.Ordinal) is var close and > 0)
        {
            parts.Add(rest[1..close]);
            rest = rest[(close + 1)..];
        }
        return parts;
    }
}

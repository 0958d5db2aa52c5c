using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace ActionItems.IntegrationTests.Sync.Phabricator;

/// <summary>
/// Compares a fake's JSON with a recording from real Phorge: same keys in the same order, same
/// <c>{}</c>/<c>[]</c>, same int/string/bool/null types, and the same values except where they
/// naturally differ. PHIDs are random per instance, so they are matched by type prefix and kept in a
/// recorded→fake map that must stay consistent (the same recorded PHID always meets the same fake PHID);
/// requests of later fixtures are translated through that map.
/// </summary>
public sealed partial class JsonShape
{
    private readonly Dictionary<string, string> _phids = new(StringComparer.Ordinal);

    [GeneratedRegex("PHID-[A-Z]+-(?:[A-Z]+-)?[a-z0-9]+")]
    private static partial Regex PhidPattern();

    [GeneratedRegex("^PHID-([A-Z]+-(?:[A-Z]+-)?)")]
    private static partial Regex PhidPrefix();

    [GeneratedRegex("^[a-z2-7]{32}$")]
    private static partial Regex GroupIdPattern();

    /// <summary>Date fields whose values depend on when the fake's users/projects were made, not on the replayed edits.</summary>
    public bool LooseDates { get; set; }

    public void MapPhid(string recorded, string fake) => _phids[recorded] = fake;

    public string Translate(string recorded) => PhidPattern().Replace(recorded, m => _phids.GetValueOrDefault(m.Value, m.Value));

    public JsonNode? Translate(JsonNode? recorded) => recorded switch
    {
        null => null,
        JsonObject o => new JsonObject(o.Select(p => KeyValuePair.Create(p.Key, Translate(p.Value)))),
        JsonArray a => new JsonArray([.. a.Select(Translate)]),
        JsonValue v when v.GetValueKind() == JsonValueKind.String => JsonValue.Create(Translate(v.GetValue<string>())),
        _ => recorded.DeepClone(),
    };

    public List<string> Compare(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        var differences = new List<string>();
        CompareInto(expected, actual, path, differences);
        return differences;
    }

    private void CompareInto(JsonNode? expected, JsonNode? actual, string path, List<string> diff)
    {
        switch (expected)
        {
            case null:
                if (actual is not null)
                {
                    diff.Add($"{path}: expected null, got {actual.ToJsonString()}");
                }
                return;
            case JsonObject eo:
                if (actual is not JsonObject ao)
                {
                    diff.Add($"{path}: expected an object {{}}, got {Describe(actual)}");
                    return;
                }
                var ek = eo.Select(p => p.Key).ToList();
                var ak = ao.Select(p => p.Key).ToList();
                if (!ek.SequenceEqual(ak))
                {
                    // Keys of maps keyed by PHID (slugMap, boards) are compared after translation.
                    var translated = ek.Select(Translate).ToList();
                    if (!translated.SequenceEqual(ak))
                    {
                        diff.Add($"{path}: keys [{string.Join(",", ek)}] expected, got [{string.Join(",", ak)}]");
                        return;
                    }
                }
                for (var i = 0; i < ek.Count; i++)
                {
                    CompareInto(eo[ek[i]], ao[ak[i]], $"{path}.{ek[i]}", diff);
                }
                return;
            case JsonArray ea:
                if (actual is not JsonArray aa)
                {
                    diff.Add($"{path}: expected an array [], got {Describe(actual)}");
                    return;
                }
                if (ea.Count != aa.Count)
                {
                    diff.Add($"{path}: expected {ea.Count} elements, got {aa.Count}");
                    return;
                }
                if (ea.Count > 0 && ea.All(IsPhid) && aa.All(IsPhid))
                {
                    // Lists of PHIDs are sorted by PHID, which is random: compare as sets through the map.
                    var expectedSet = ea.Select(e => Translate(e!.GetValue<string>())).Order(StringComparer.Ordinal).ToList();
                    var actualSet = aa.Select(a => a!.GetValue<string>()).Order(StringComparer.Ordinal).ToList();
                    if (expectedSet.All(_phids.ContainsValue) && !expectedSet.SequenceEqual(actualSet))
                    {
                        diff.Add($"{path}: PHID set differs: expected [{string.Join(",", expectedSet)}], got [{string.Join(",", actualSet)}]");
                    }
                    return;
                }
                for (var i = 0; i < ea.Count; i++)
                {
                    CompareInto(ea[i], aa[i], $"{path}[{i}]", diff);
                }
                return;
            case JsonValue ev:
                CompareValue(ev, actual, path, diff);
                return;
        }
    }

    private void CompareValue(JsonValue expected, JsonNode? actual, string path, List<string> diff)
    {
        var kind = expected.GetValueKind();
        if (actual is not JsonValue av || av.GetValueKind() is var actualKind && actualKind != kind &&
            !(kind is JsonValueKind.True or JsonValueKind.False && actualKind is JsonValueKind.True or JsonValueKind.False))
        {
            diff.Add($"{path}: expected {kind} {expected.ToJsonString()}, got {Describe(actual)}");
            return;
        }
        var key = path[(path.LastIndexOf('.') + 1)..];
        switch (kind)
        {
            case JsonValueKind.Number:
                var isInt = expected.TryGetValue<long>(out var e);
                if (!isInt || !av.TryGetValue<long>(out var a))
                {
                    diff.Add($"{path}: expected an integer, got {av.ToJsonString()}");
                }
                else if (e != a && !(key.StartsWith("date", StringComparison.Ordinal) && LooseDates) && key != "epoch")
                {
                    diff.Add($"{path}: expected {e}, got {a}");
                }
                return;
            case JsonValueKind.True or JsonValueKind.False:
                if (expected.GetValue<bool>() != av.GetValue<bool>())
                {
                    diff.Add($"{path}: expected {expected.ToJsonString()}, got {av.ToJsonString()}");
                }
                return;
            case JsonValueKind.String:
                CompareString(expected.GetValue<string>(), av.GetValue<string>(), key, path, diff);
                return;
        }
    }

    private void CompareString(string expected, string actual, string key, string path, List<string> diff)
    {
        if (PhidPrefix().Match(expected) is { Success: true } prefix && PhidPattern().Match(expected).Value == expected)
        {
            if (!actual.StartsWith(prefix.Value, StringComparison.Ordinal) || actual.Length != expected.Length)
            {
                diff.Add($"{path}: expected a {prefix.Value} PHID of length {expected.Length}, got \"{actual}\"");
            }
            else if (_phids.TryGetValue(expected, out var mapped))
            {
                if (mapped != actual)
                {
                    diff.Add($"{path}: recorded {expected} is {mapped} in the fake, got {actual}");
                }
            }
            else if (_phids.ContainsValue(actual))
            {
                diff.Add($"{path}: fake {actual} already stands for another recorded PHID than {expected}");
            }
            else
            {
                _phids[expected] = actual;
            }
            return;
        }
        if (key == "groupID")
        {
            if (!GroupIdPattern().IsMatch(actual))
            {
                diff.Add($"{path}: expected a 32-character group id, got \"{actual}\"");
            }
            return;
        }
        if (key is "image" || path == "$.result" && key == "result")
        {
            // Server hostname (conduit.ping) and profile image file names differ per instance.
            return;
        }
        if (expected.StartsWith("http://", StringComparison.Ordinal))
        {
            var expectedPath = new Uri(expected).PathAndQuery;
            if (!Uri.TryCreate(actual, UriKind.Absolute, out var actualUri) || actualUri.PathAndQuery != expectedPath)
            {
                diff.Add($"{path}: expected a URL ending in {expectedPath}, got \"{actual}\"");
            }
            return;
        }
        if (Translate(expected) != actual)
        {
            diff.Add($"{path}: expected \"{Translate(expected)}\", got \"{actual}\"");
        }
    }

    private static bool IsPhid(JsonNode? node) =>
        node is JsonValue v && v.GetValueKind() == JsonValueKind.String && v.GetValue<string>().StartsWith("PHID-", StringComparison.Ordinal);

    private static string Describe(JsonNode? node) => node is null ? "null" : $"{node.GetValueKind()} {node.ToJsonString()}";
}

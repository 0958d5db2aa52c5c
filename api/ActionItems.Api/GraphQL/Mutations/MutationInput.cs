using System.Globalization;
using ActionItems.Api.GraphQL.Payloads;

namespace ActionItems.Api.GraphQL.Mutations;

/// <summary>
/// An input object as GraphQL.NET parsed it (a dictionary), read so that "left out" and "given as null"
/// stay different: updates change only what the client sent.
/// </summary>
public sealed class MutationInput(IDictionary<string, object?> values)
{
    public bool Has(string name) => values.ContainsKey(name);

    public T? Get<T>(string name) => values.TryGetValue(name, out var value) && value is T typed ? typed : default;

    public string? Text(string name) => values.TryGetValue(name, out var value) ? value as string : null;

    /// <summary>An id argument; a value that is not a number is reported as a VALIDATION error on that field.</summary>
    public long? Id(string name, List<MutationError> errors)
    {
        if (!values.TryGetValue(name, out var value) || value is null)
        {
            return null;
        }
        if (long.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return id;
        }
        errors.Add(new MutationError(MutationErrorCode.Validation, $"'{value}' is not an id.", name));
        return null;
    }

    public List<long> Ids(string name, List<MutationError> errors)
    {
        var ids = new List<long>();
        if (values.TryGetValue(name, out var value) && value is IEnumerable<object?> list)
        {
            foreach (var element in list)
            {
                if (long.TryParse(Convert.ToString(element, CultureInfo.InvariantCulture), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
                {
                    ids.Add(id);
                }
                else
                {
                    errors.Add(new MutationError(MutationErrorCode.Validation, $"'{element}' is not an id.", name));
                }
            }
        }
        return ids;
    }

    public List<string>? Strings(string name) =>
        values.TryGetValue(name, out var value) && value is IEnumerable<object?> list
            ? [.. list.OfType<string>()]
            : null;
}

using System.Globalization;
using ActionItems.Api.GraphQL.Execution;
using ActionItems.Application;

namespace ActionItems.Api.GraphQL.Inputs;

/// <summary>
/// Reads an input object as GraphQL.NET parsed it (a dictionary) into command values, keeping "left out" and
/// "given as null" apart so that updates change only what the client sent.
/// </summary>
internal static class InputValues
{
    public static Optional<T> Optional<T>(IDictionary<string, object?> values, string name) =>
        values.TryGetValue(name, out var value) ? new Optional<T>(true, value is T typed ? typed : default!) : default;

    public static Optional<long?> OptionalId(IDictionary<string, object?> values, string name) =>
        values.TryGetValue(name, out var value) ? new Optional<long?>(true, value is null ? null : Id(value, name)) : default;

    public static Optional<IReadOnlyList<string>?> OptionalStrings(IDictionary<string, object?> values, string name) =>
        values.TryGetValue(name, out var value)
            ? new Optional<IReadOnlyList<string>?>(true, value is IEnumerable<object?> list ? [.. list.OfType<string>()] : null)
            : default;

    public static T? Value<T>(IDictionary<string, object?> values, string name) =>
        values.TryGetValue(name, out var value) && value is T typed ? typed : default;

    public static long RequiredId(IDictionary<string, object?> values, string name) =>
        values.TryGetValue(name, out var value) && value is not null
            ? Id(value, name)
            : throw new GraphQLRequestException(ErrorCodes.Validation, $"'{name}' is required.");

    public static IReadOnlyList<long> Ids(IDictionary<string, object?> values, string name) =>
        values.TryGetValue(name, out var value) && value is IEnumerable<object?> list ? [.. list.Select(v => Id(v, name))] : [];

    /// <summary>Ids are numbers; anything else cannot name a row.</summary>
    public static long Id(object? value, string name) =>
        long.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : throw new GraphQLRequestException(ErrorCodes.Validation, $"'{value}' is not an id ({name}).");
}

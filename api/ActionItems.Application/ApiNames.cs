namespace ActionItems.Application;

/// <summary>
/// Enum values as the API spells them (GraphQL enum names): <c>InProgress</c> → <c>IN_PROGRESS</c>. Stats groups,
/// exports and history answer in the same words a client sends in filters.
/// </summary>
public static class ApiNames
{
    public static string Of<TEnum>(TEnum value) where TEnum : struct, Enum => Of(value.ToString());

    /// <summary>A stored enum name (history keeps <c>InProgress</c>) in the API's spelling.</summary>
    public static string Of(string storedName) =>
        string.Concat(storedName.Select((c, i) => i > 0 && char.IsUpper(c) ? "_" + c : c.ToString())).ToUpperInvariant();
}

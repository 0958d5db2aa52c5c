using Microsoft.EntityFrameworkCore.ChangeTracking;

namespace ActionItems.Data;

/// <summary>
/// Change-tracking comparer for <c>List&lt;string&gt;</c> columns (tags, coordinators), with the same
/// semantics as EF Core's default primitive-collection comparer: ordinal element-wise equality, and a
/// snapshot that is a copy. EF Core 10's default compiles to a lambda that builds a new element-comparer
/// delegate (<c>DynamicMethod.CreateDelegate</c>) on every Equals/Snapshot call; DetectChanges calls it
/// for every tracked item, and that dominated the CPU time of an import.
/// </summary>
internal sealed class StringListComparer() : ValueComparer<List<string>>(
    (a, b) => AreEqual(a, b),
    v => HashCodeOf(v),
    v => Copy(v))
{
    private static bool AreEqual(List<string>? a, List<string>? b) =>
        ReferenceEquals(a, b) || (a is not null && b is not null && a.SequenceEqual(b, StringComparer.Ordinal));

    private static int HashCodeOf(List<string> value)
    {
        var hash = new HashCode();
        foreach (var element in value)
        {
            hash.Add(element, StringComparer.Ordinal);
        }
        return hash.ToHashCode();
    }

    private static List<string> Copy(List<string> value) => [.. value];
}

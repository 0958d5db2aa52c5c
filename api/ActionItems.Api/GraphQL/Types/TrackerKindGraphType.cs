using ActionItems.Core.Domain;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Types;

/// <summary>PHABRICATOR, GITHUB (the default casing would split "GitHub" into GIT_HUB).</summary>
public sealed class TrackerKindGraphType : EnumerationGraphType<TrackerKind>
{
    public TrackerKindGraphType()
    {
        Name = "TrackerKind";
    }

    protected override string ChangeEnumCase(string val) => val.ToUpperInvariant();
}

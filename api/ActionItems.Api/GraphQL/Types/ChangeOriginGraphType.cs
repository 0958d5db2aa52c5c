using ActionItems.Core.Domain;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Types;

/// <summary>LOCAL, IMPORT, PHABRICATOR, GITHUB.</summary>
public sealed class ChangeOriginGraphType : EnumerationGraphType<ChangeOrigin>
{
    public ChangeOriginGraphType()
    {
        Name = "ChangeOrigin";
    }

    protected override string ChangeEnumCase(string val) => val.ToUpperInvariant();
}

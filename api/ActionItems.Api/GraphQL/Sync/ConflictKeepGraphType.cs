using ActionItems.Application.Sync;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Sync;

public sealed class ConflictKeepGraphType : EnumerationGraphType<ConflictKeep>
{
    public ConflictKeepGraphType()
    {
        Name = "ConflictKeep";
        Description = "Which value of a conflict to keep on both sides.";
    }
}

using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Inputs;

public sealed class LinkTrackerTaskInputType : InputObjectGraphType
{
    public LinkTrackerTaskInputType()
    {
        Name = "LinkTrackerTaskInput";
        Field<NonNullGraphType<IdGraphType>>("actionItemId");
        Field<NonNullGraphType<IdGraphType>>("syncTargetId");
        Field<NonNullGraphType<StringGraphType>>("remoteId").Description("T123456 (Phabricator) or owner/repo#12 (GitHub).");
        Field<StringGraphType>("remoteUrl").Description("Derived from the target's base URL when left out.");
    }
}

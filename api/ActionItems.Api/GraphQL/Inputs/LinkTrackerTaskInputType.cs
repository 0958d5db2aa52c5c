using ActionItems.Application.Items;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Inputs;

public sealed class LinkTrackerTaskInputType : InputObjectGraphType<LinkTrackerTask>
{
    public LinkTrackerTaskInputType()
    {
        Name = "LinkTrackerTaskInput";
        Field<NonNullGraphType<IdGraphType>>("actionItemId");
        Field<NonNullGraphType<IdGraphType>>("syncTargetId");
        Field<NonNullGraphType<StringGraphType>>("remoteId").Description("T123456 (Phabricator) or owner/repo#12 (GitHub).");
        Field<StringGraphType>("remoteUrl").Description("Derived from the target's base URL when left out.");
    }

    public override object ParseDictionary(IDictionary<string, object?> value) => new LinkTrackerTask(
        InputValues.RequiredId(value, "actionItemId"), InputValues.RequiredId(value, "syncTargetId"),
        InputValues.Value<string>(value, "remoteId") ?? "", InputValues.Value<string>(value, "remoteUrl"));
}

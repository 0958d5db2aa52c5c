using ActionItems.Core.Domain;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Types;

public sealed class HistoryEntryType : ObjectGraphType<ActionItemHistory>
{
    public HistoryEntryType()
    {
        Name = "HistoryEntry";
        Description = "One field change of an action item: what, from, to, when, by whom and from where.";
        Field<NonNullGraphType<IdGraphType>>("id").Resolve(c => c.Source.Id);
        Field<NonNullGraphType<StringGraphType>>("field").Resolve(c => c.Source.Field);
        Field<StringGraphType>("oldValue").Resolve(c => c.Source.OldValue);
        Field<StringGraphType>("newValue").Resolve(c => c.Source.NewValue);
        Field<NonNullGraphType<DateTimeGraphType>>("at").Resolve(c => c.Source.At.UtcDateTime);
        Field<NonNullGraphType<StringGraphType>>("actor").Resolve(c => c.Source.Actor);
        Field<NonNullGraphType<ChangeOriginGraphType>>("origin").Resolve(c => c.Source.Origin);
    }
}

using ActionItems.Core.Extraction;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Types;

public sealed class ExtractedActionableType : ObjectGraphType<ExtractedActionable>
{
    public ExtractedActionableType()
    {
        Name = "ExtractedActionable";
        Field<NonNullGraphType<IntGraphType>>("ordinal").Resolve(c => c.Source.Ordinal);
        Field<NonNullGraphType<StringGraphType>>("title").Resolve(c => c.Source.Title);
        Field<StringGraphType>("description").Resolve(c => c.Source.Description);
        Field<NonNullGraphType<StringGraphType>>("section").Resolve(c => c.Source.Section);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<TaskReferenceType>>>>("references").Resolve(c => c.Source.References);
        Field<BooleanGraphType>("done").Description("null when the document does not say.").Resolve(c => c.Source.Done);
        Field<StringGraphType>("owner").Resolve(c => c.Source.Owner);
        Field<DateOnlyGraphType>("dueDate").Resolve(c => c.Source.DueDate);
        Field<NonNullGraphType<FloatGraphType>>("confidence").Resolve(c => c.Source.Confidence);
        Field<NonNullGraphType<BooleanGraphType>>("needsReview").Resolve(c => c.Source.NeedsReview);
        Field<IntGraphType>("parentOrdinal").Resolve(c => c.Source.ParentOrdinal);
    }
}

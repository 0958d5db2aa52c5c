using ActionItems.Core.Domain;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Types;

public sealed class ScorecardAnswerType : ObjectGraphType<ScorecardAnswer>
{
    public ScorecardAnswerType()
    {
        Name = "ScorecardAnswer";
        Field<NonNullGraphType<IntGraphType>>("ordinal").Resolve(c => c.Source.Ordinal);
        Field<NonNullGraphType<EnumerationGraphType<ScorecardCategory>>>("category").Resolve(c => c.Source.Category);
        Field<NonNullGraphType<StringGraphType>>("question").Resolve(c => c.Source.Question);
        Field<NonNullGraphType<EnumerationGraphType<ScorecardAnswerValue>>>("answer").Resolve(c => c.Source.Answer);
        Field<StringGraphType>("note").Resolve(c => c.Source.Note);
    }
}

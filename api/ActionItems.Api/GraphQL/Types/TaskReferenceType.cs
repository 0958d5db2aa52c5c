using ActionItems.Core.Extraction;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Types;

public sealed class TaskReferenceType : ObjectGraphType<TaskReference>
{
    public TaskReferenceType()
    {
        Name = "TaskReference";
        Field<NonNullGraphType<EnumerationGraphType<TaskReferenceKind>>>("kind").Resolve(c => c.Source.Kind);
        Field<NonNullGraphType<StringGraphType>>("key").Resolve(c => c.Source.Key);
        Field<StringGraphType>("url").Resolve(c => c.Source.Url);
        Field<NonNullGraphType<BooleanGraphType>>("isTask").Description("Tasks become tracker links on import; code reviews do not.")
            .Resolve(c => c.Source.IsTask);
    }
}

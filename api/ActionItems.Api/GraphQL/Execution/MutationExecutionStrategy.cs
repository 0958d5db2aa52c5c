using GraphQL.Execution;

namespace ActionItems.Api.GraphQL.Execution;

/// <summary>
/// Runs a mutation's root fields one at a time, each to the end of its result — batch loads included — before the
/// next starts, as the GraphQL spec asks. The serial strategy on its own resolves every root field first and fetches
/// the deferred loads of all of them at the end, so an earlier payload would show what later mutations changed.
/// </summary>
public sealed class MutationExecutionStrategy : SerialExecutionStrategy
{
    public override async Task ExecuteNodeTreeAsync(global::GraphQL.Execution.ExecutionContext context, ExecutionNode rootNode)
    {
        if (rootNode is not IParentExecutionNode root)
        {
            await base.ExecuteNodeTreeAsync(context, rootNode);
            return;
        }
        var fields = new List<ExecutionNode>();
        root.ApplyToChildren((field, list) => list.Add(field), fields);
        foreach (var field in fields)
        {
            await base.ExecuteNodeTreeAsync(context, field);
        }
    }
}

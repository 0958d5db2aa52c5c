using ActionItems.Api.GraphQL.Execution;
using ActionItems.Api.GraphQL.Loading;
using GraphQL;
using GraphQL.Execution;
using GraphQLParser.AST;

namespace ActionItems.Api.GraphQL;

public static class GraphQLRegistration
{
    public static IHostApplicationBuilder AddActionItemsGraphQL(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<GraphQLOptions>(builder.Configuration.GetSection(GraphQLOptions.Section));
        var limits = builder.Configuration.GetSection(GraphQLOptions.Section).Get<GraphQLOptions>() ?? new GraphQLOptions();
        builder.Services.AddSingleton<ValidatedDocumentCache>();
        builder.Services.AddScoped<DataLoaders>();
        builder.Services.AddScoped<Sync.SyncLoaders>();
        builder.Services.AddGraphQLSchema(limits);
        return builder;
    }

    /// <summary>The schema and its execution settings; also used by <c>schema export</c>, which serves nothing.</summary>
    public static IServiceCollection AddGraphQLSchema(this IServiceCollection services, GraphQLOptions limits) =>
        services.AddGraphQL(graphql => graphql
            .AddSchema<ActionItemsSchema>()
            .AddSystemTextJson()
            .AddGraphTypes(typeof(ActionItemsSchema).Assembly)
            // One scoped DbContext per request is not thread-safe: resolve queries one field at a time
            // (batch loaders still collect a whole level before they query).
            .AddExecutionStrategy<SerialExecutionStrategy>(OperationType.Query)
            .AddComplexityAnalyzer(complexity =>
            {
                complexity.MaxDepth = limits.MaxDepth;
                complexity.MaxComplexity = limits.MaxComplexity;
            })
            .AddErrorInfoProvider<ErrorReporting>()
            .AddUnhandledExceptionHandler(ErrorReporting.Handle));
}

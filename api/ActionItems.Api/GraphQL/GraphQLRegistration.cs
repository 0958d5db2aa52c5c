using System.Text.Encodings.Web;
using ActionItems.Api.GraphQL.Execution;
using ActionItems.Api.GraphQL.Loading;
using GraphQL;
using GraphQL.DI;
using GraphQL.Execution;
using GraphQL.Validation;
using GraphQL.Validation.Complexity;
using GraphQL.Validation.Rules;
using GraphQL.Validation.Rules.Custom;
using GraphQLParser.AST;

namespace ActionItems.Api.GraphQL;

public static class GraphQLRegistration
{
    public static IHostApplicationBuilder AddActionItemsGraphQL(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<GraphQLOptions>(builder.Configuration.GetSection(GraphQLOptions.Section));
        var limits = builder.Configuration.GetSection(GraphQLOptions.Section).Get<GraphQLOptions>() ?? new GraphQLOptions();
        builder.Services.AddScoped<DataLoaders>();
        builder.Services.AddScoped<Sync.SyncLoaders>();
        builder.Services.AddScoped<Prevention.PreventionLoaders>();
        builder.Services.AddGraphQLSchema(limits);
        return builder;
    }

    /// <summary>The core rules that read the request's variables (e.g. page-size limits in <c>ValidateArguments</c>).</summary>
    private static readonly IValidationRule[] VariableRules =
        [.. DocumentValidator.CoreRules.Where(r => r is FieldArgumentsAreValidRule)];

    /// <summary>The schema and its execution settings; also used by <c>schema export</c>, which serves nothing.</summary>
    public static IServiceCollection AddGraphQLSchema(this IServiceCollection services, GraphQLOptions limits) =>
        // OperationTiming's histogram needs a meter factory; a host has one already, a bare service collection does not.
        services.AddMetrics().AddGraphQL(graphql => graphql
            .AddSchema<ActionItemsSchema>()
            // Answers are JSON for API clients, never embedded in HTML: quotes and non-ASCII letters stay readable.
            .AddSystemTextJson(json => json.Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping)
            .AddGraphTypes(typeof(ActionItemsSchema).Assembly)
            // One scoped DbContext per request is not thread-safe: resolve queries one field at a time
            // (batch loaders still collect a whole level before they query).
            .AddExecutionStrategy<SerialExecutionStrategy>(OperationType.Query)
            .AddExecutionStrategy<MutationExecutionStrategy>(OperationType.Mutation)
            .AddErrorInfoProvider<ErrorReporting>()
            .AddUnhandledExceptionHandler(ErrorReporting.Handle)
            .AddRequestRules(limits)
            .ConfigureExecution<ValidatedDocumentCache>()
            .ConfigureExecution<DocumentAdmission>()
            .ConfigureExecution<OperationTiming>());

    /// <summary>
    /// The rules that depend on the request rather than on the document alone, so they run on cached documents
    /// too: the caller's role, GET-only, introspection off, and the ones that read variables (a <c>first</c>
    /// given as a variable is what complexity multiplies by and what the page-size limit checks).
    /// </summary>
    private static IGraphQLBuilder AddRequestRules(this IGraphQLBuilder graphql, GraphQLOptions limits)
    {
        graphql
            .AddValidationRule(RoleAuthorizationRule.Instance, useForCachedDocuments: true)
            .AddValidationRule(QueriesOnlyOverGetRule.Instance, useForCachedDocuments: true);
        if (!limits.Introspection)
        {
            graphql.AddValidationRule(NoIntrospectionValidationRule.Instance, useForCachedDocuments: true);
        }
        var complexity = new ComplexityOptions { MaxDepth = limits.MaxDepth, MaxComplexity = limits.MaxComplexity };
        return graphql
            .AddValidationRule(new ComplexityValidationRule(complexity), useForCachedDocuments: true)
            // Part of the core rules for a new document already; added to the cached-document rules only.
            .ConfigureExecutionOptions(options => options.CachedDocumentValidationRules =
                [.. options.CachedDocumentValidationRules ?? [], .. VariableRules]);
    }
}

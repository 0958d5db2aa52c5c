using GraphQL;

namespace ActionItems.Api.GraphQL;

public static class GraphQLRegistration
{
    public static IHostApplicationBuilder AddActionItemsGraphQL(this IHostApplicationBuilder builder)
    {
        var exposeDetails = builder.Environment.IsDevelopment();
        builder.Services.AddGraphQL(graphql => graphql
            .AddSchema<ActionItemsSchema>()
            .AddSystemTextJson()
            .AddGraphTypes(typeof(ActionItemsSchema).Assembly)
            .AddErrorInfoProvider(options => options.ExposeExceptionDetails = exposeDetails));
        return builder;
    }
}

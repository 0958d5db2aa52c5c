using System.Net;
using ActionItems.Api.GraphQL.Execution;
using ActionItems.Api.Hosting;
using ActionItems.Data;
using ActionItems.IntegrationTests.Hosting;
using GraphQL.DI;
using Microsoft.Extensions.DependencyInjection;

namespace ActionItems.IntegrationTests.GraphQL;

/// <summary>A document that passed validation once is reused; what depends on the request must still be checked.</summary>
[Collection(HostCollection.Name)]
public class DocumentCacheTests
{
    private const string Triage = """mutation { setActionItemStatus(id: "1", status: OPEN) { errors { code } } }""";

    [Fact]
    public async Task A_document_cached_for_an_allowed_caller_is_still_refused_to_a_caller_without_the_role_before_any_sql()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite, HostRole.Api);

        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(Triage, role: "triager")).Status);
        host.SqlCommands.Reset();
        var viewer = await host.PostAsync(Triage, role: "viewer");
        var anonymous = await host.PostAsync(Triage);

        Assert.Equal((HttpStatusCode.Forbidden, "FORBIDDEN"), (viewer.Status, viewer.ErrorCodes.Single()));
        Assert.Equal((HttpStatusCode.Forbidden, "FORBIDDEN"), (anonymous.Status, anonymous.ErrorCodes.Single()));
        Assert.Equal(0, host.SqlCommands.Count);
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(Triage, role: "admin")).Status);
    }

    [Fact]
    public async Task A_mutation_cached_from_a_post_is_still_refused_over_get()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite, HostRole.Api);
        Assert.Equal(HttpStatusCode.OK, (await host.PostAsync(Triage, role: "triager")).Status);

        using var get = await host.Host.Client.GetAsync("/graphql?query=" + Uri.EscapeDataString(Triage));

        Assert.Equal(HttpStatusCode.MethodNotAllowed, get.StatusCode);
    }

    [Fact]
    public async Task A_cached_document_still_checks_the_variables_of_each_request()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite, HostRole.Api);
        const string Page = "query($first: Int) { actionItems(first: $first) { totalCount } }";

        var first = await host.PostAsync(Page, new { first = 5 });
        var wrongType = await host.PostAsync(Page, new { first = "five" });
        var tooLarge = await host.PostAsync(Page, new { first = 100_000 });
        var again = await host.PostAsync(Page, new { first = 5 });

        Assert.Equal(0, first.Ok().GetProperty("actionItems").GetProperty("totalCount").GetInt32());
        Assert.Equal(HttpStatusCode.BadRequest, wrongType.Status);
        Assert.NotEmpty(wrongType.ErrorCodes);
        Assert.NotEmpty(tooLarge.ErrorCodes);
        Assert.Equal(first.Text, again.Text);
    }

    [Fact]
    public async Task A_validated_document_is_kept_by_the_executers_cache_hook_and_a_refused_one_is_not()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite, HostRole.Api);
        var cache = host.Host.Host.Services.GetServices<IConfigureExecution>().OfType<ValidatedDocumentCache>().Single();
        const string Refused = "{ actionItems { noSuchField } }";

        Assert.Equal("FORBIDDEN", (await host.PostAsync(Triage, role: "viewer")).ErrorCodes.Single());
        Assert.Null(cache.Find(Triage));
        (await host.PostAsync(Triage, role: "triager")).Ok();
        await host.PostAsync(Refused);

        Assert.NotNull(cache.Find(Triage));
        Assert.Null(cache.Find(Refused));
    }

    [Fact]
    public async Task A_cached_document_is_still_checked_for_complexity_with_the_variables_of_each_request()
    {
        await using var host = await GraphQLHost.StartAsync(DatabaseProvider.Sqlite, HostRole.Api);
        const string Nested = "query($first: Int) { actionItems(first: $first) { edges { node { links { syncTarget { name } } " +
            "history { field actor } incident { actionItems { items { links { remoteId } history { field } } } } } } } }";

        var small = await host.PostAsync(Nested, new { first = 1 });
        host.SqlCommands.Reset();
        var large = await host.PostAsync(Nested, new { first = 500 });

        small.Ok();
        Assert.Equal((HttpStatusCode.BadRequest, "VALIDATION"), (large.Status, large.ErrorCodes.Single()));
        Assert.Contains("too complex", large.Text, StringComparison.Ordinal);
        Assert.Equal(0, host.SqlCommands.Count);
    }
}

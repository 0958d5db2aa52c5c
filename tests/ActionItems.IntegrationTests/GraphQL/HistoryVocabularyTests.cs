using System.Text.Json;
using ActionItems.Api.Auth;
using ActionItems.Core.Domain;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;

namespace ActionItems.IntegrationTests.GraphQL;

/// <summary>History answers in the API's own words, and an archived item can come back.</summary>
public class HistoryVocabularyTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task History_spells_statuses_and_priorities_as_the_api_names_owners_as_people_and_tags_as_lists(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider);
        long itemId;
        await using (var db = host.Database.CreateContext())
        {
            var data = new TestData(db);
            var incident = data.Incident("history");
            var alice = data.Person("Alice");
            await data.SaveAsync();
            var item = data.Item(incident, "Add paging", TestData.T0);
            var at = TestData.At(TestData.T0.AddHours(1));
            item.SetStatus(ActionItemStatus.InProgress, at);
            item.SetPriority(Priority.High, at);
            item.SetOwner(alice, at);
            item.SetTags(["db", "tls"], at);
            await data.SaveAsync();
            itemId = item.Id;
        }

        var history = (await host.PostAsync("""
            query($id: ID!) { actionItem(id: $id) { history { field oldValue newValue oldOwner { displayName } newOwner { id displayName } oldTags newTags } } }
            """, new { id = itemId.ToString(System.Globalization.CultureInfo.InvariantCulture) }, role: Roles.Viewer))
            .Ok().GetProperty("actionItem").GetProperty("history").EnumerateArray().ToList();

        JsonElement Entry(string field, string? newValue = null) => history.Last(h =>
            h.GetProperty("field").GetString() == field && (newValue is null || h.GetProperty("newValue").GetString() == newValue));
        Assert.Equal("OPEN", Entry("status", "IN_PROGRESS").GetProperty("oldValue").GetString());
        Assert.Equal(("UNSET", "HIGH"), (Entry("priority").GetProperty("oldValue").GetString(), Entry("priority").GetProperty("newValue").GetString()));
        Assert.Equal(JsonValueKind.Null, Entry("owner").GetProperty("oldOwner").ValueKind);
        Assert.Equal("Alice", Entry("owner").GetProperty("newOwner").GetProperty("displayName").GetString());
        Assert.Equal(["db", "tls"], Entry("tags").GetProperty("newTags").EnumerateArray().Select(t => t.GetString()));
        Assert.Empty(Entry("tags").GetProperty("oldTags").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, Entry("status", "IN_PROGRESS").GetProperty("newTags").ValueKind);
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task An_archived_item_comes_back_with_unarchive_and_its_history_says_who(DatabaseProvider provider)
    {
        await using var host = await GraphQLHost.StartAsync(provider);
        long itemId;
        await using (var db = host.Database.CreateContext())
        {
            var data = new TestData(db);
            var incident = data.Incident("archive");
            await data.SaveAsync();
            var item = data.Item(incident, "Old item", TestData.T0);
            item.Archive(TestData.At(TestData.T0));
            await data.SaveAsync();
            itemId = item.Id;
        }
        var id = itemId.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var unarchived = (await host.PostAsync("""
            mutation($id: ID!) { unarchiveActionItem(id: $id) { actionItem { archivedAt history { field oldValue newValue } } errors { code } } }
            """, new { id }, role: Roles.Triager)).Ok().GetProperty("unarchiveActionItem");
        var listed = (await host.PostAsync("{ actionItems(first: 5) { totalCount } }", role: Roles.Viewer)).Ok();
        var forbidden = await host.PostAsync("mutation($id: ID!) { unarchiveActionItem(id: $id) { errors { code } } }", new { id }, role: Roles.Viewer);

        Assert.Empty(unarchived.GetProperty("errors").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, unarchived.GetProperty("actionItem").GetProperty("archivedAt").ValueKind);
        var last = unarchived.GetProperty("actionItem").GetProperty("history").EnumerateArray().Last();
        Assert.Equal(("archived", "true", "false"), (last.GetProperty("field").GetString(), last.GetProperty("oldValue").GetString(), last.GetProperty("newValue").GetString()));
        Assert.Equal(1, listed.GetProperty("actionItems").GetProperty("totalCount").GetInt32());
        Assert.Equal(["FORBIDDEN"], forbidden.ErrorCodes);
    }
}

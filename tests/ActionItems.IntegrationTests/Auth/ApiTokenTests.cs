using ActionItems.Api.Auth;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace ActionItems.IntegrationTests.Auth;

public class ApiTokenTests
{
    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_created_token_is_found_by_its_secret_and_only_its_hash_is_stored(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.CreateContext();
        var tokens = new ApiTokens(db, TimeProvider.System);

        var created = await tokens.CreateAsync("grafana", Roles.Viewer, "test", CancellationToken.None);

        Assert.StartsWith("ai_", created.Secret, StringComparison.Ordinal);
        Assert.Equal("grafana", (await tokens.FindAsync(created.Secret, CancellationToken.None))?.Name);
        var stored = await db.ApiTokens.AsNoTracking().SingleAsync();
        Assert.DoesNotContain(created.Secret, stored.SecretHash, StringComparison.Ordinal);
        Assert.Equal(64, stored.SecretHash.Length);
        Assert.Null(await tokens.FindAsync(created.Secret + "x", CancellationToken.None));
        Assert.Null(await tokens.FindAsync("not-a-token", CancellationToken.None));
    }

    [Theory]
    [MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task A_revoked_token_is_no_longer_found(DatabaseProvider provider)
    {
        await using var database = await TestDatabase.CreateAsync(provider);
        await using var db = database.CreateContext();
        var tokens = new ApiTokens(db, TimeProvider.System);
        var created = await tokens.CreateAsync("ci", Roles.Triager, "test", CancellationToken.None);

        Assert.True((await tokens.RevokeAsync(created.Token.Id, CancellationToken.None)).Succeeded);

        Assert.Null(await tokens.FindAsync(created.Secret, CancellationToken.None));
        Assert.False((await tokens.RevokeAsync(created.Token.Id, CancellationToken.None)).Succeeded);
    }

    [Fact]
    public async Task Token_names_are_unique_and_roles_are_checked()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Sqlite);
        await using var db = database.CreateContext();
        var tokens = new ApiTokens(db, TimeProvider.System);
        await tokens.CreateAsync("ci", Roles.Triager, "test", CancellationToken.None);

        Assert.Contains("already exists", (await Assert.ThrowsAsync<ArgumentException>(() =>
            tokens.CreateAsync("ci", Roles.Viewer, "test", CancellationToken.None))).Message, StringComparison.Ordinal);
        Assert.Contains("unknown role", (await Assert.ThrowsAsync<ArgumentException>(() =>
            tokens.CreateAsync("x", "root", "test", CancellationToken.None))).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Roles_include_the_ones_below_them()
    {
        var admin = Roles.Principal("a", Roles.Admin, "test");
        var viewer = Roles.Principal("v", Roles.Viewer, "test");

        Assert.True(admin.IsInRole(Roles.Viewer) && admin.IsInRole(Roles.Triager) && admin.IsInRole(Roles.Admin));
        Assert.True(viewer.IsInRole(Roles.Viewer));
        Assert.False(viewer.IsInRole(Roles.Triager));
    }
}

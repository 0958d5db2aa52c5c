using System.Net;
using ActionItems.Api.Auth;
using ActionItems.Api.Hosting;
using ActionItems.Api.Trackers;
using ActionItems.Data;
using ActionItems.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace ActionItems.IntegrationTests.Hosting;

/// <summary>Data-protection keys in the database on PostgreSQL (Hosting/DataProtectionKeys.cs): replicas share them.</summary>
public class DataProtectionKeysTests
{
    [Fact]
    public async Task Two_api_replicas_on_one_postgres_database_read_each_others_protected_payloads_and_jobs_sign_in()
    {
        await using var database = await TestDatabase.CreateAsync(DatabaseProvider.Postgres);
        // Each replica gets a keys directory of its own: were keys still files, neither could read the other's.
        var first = Directory.CreateTempSubdirectory("actionitems-keys-a-").FullName;
        var second = Directory.CreateTempSubdirectory("actionitems-keys-b-").FullName;
        await using var replicaA = await RunningHost.StartAsync(database, HostRole.Api, extraArgs: [$"--{DataProtectionKeys.DirectoryKey}={first}"]);
        await using var replicaB = await RunningHost.StartAsync(database, HostRole.Api, extraArgs: [$"--{DataProtectionKeys.DirectoryKey}={second}"]);
        string admin;
        await using (var db = database.CreateContext())
        {
            admin = (await new ApiTokens(db, TimeProvider.System).CreateAsync("admin", Roles.Admin, "test", CancellationToken.None)).Secret;
        }

        var protectedByA = Protector(replicaA).Protect("made by replica A");
        Assert.Equal("made by replica A", Protector(replicaB).Unprotect(protectedByA));
        Assert.Equal("made by replica B", Protector(replicaA).Unprotect(Protector(replicaB).Protect("made by replica B")));

        // The /jobs sign-in cookie one replica sets is accepted by the other (a load balancer may send the next request there).
        using var browserOnA = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, UseCookies = false }) { BaseAddress = replicaA.Address };
        using var signIn = await browserOnA.PostAsync(JobsDashboard.SignInPath,
            new FormUrlEncodedContent(new Dictionary<string, string> { ["token"] = admin, ["returnTo"] = JobsDashboard.Path }));
        Assert.Equal(HttpStatusCode.SeeOther, signIn.StatusCode);
        var cookie = signIn.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        using var onB = new HttpRequestMessage(HttpMethod.Get, JobsDashboard.Path);
        onB.Headers.Add("Cookie", cookie);
        onB.Headers.Add("Accept", "text/html");
        using var dashboard = await replicaB.Client.SendAsync(onB);
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);

        await using (var db = database.CreateContext())
        {
            Assert.NotEmpty(await db.DataProtectionKeys.AsNoTracking().ToListAsync());
        }
        Assert.Empty(Directory.GetFiles(first));
        Assert.Empty(Directory.GetFiles(second));
    }

    private static IDataProtector Protector(RunningHost host) =>
        host.Host.Services.GetRequiredService<IDataProtectionProvider>().CreateProtector("ActionItems.Tests.SharedKeys");
}

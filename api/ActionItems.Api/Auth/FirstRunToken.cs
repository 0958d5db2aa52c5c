using ActionItems.Data;

namespace ActionItems.Api.Auth;

/// <summary>
/// On the embedded default nobody has a token yet at the first start: create an admin token and show
/// it once on the console (not through logging, which may be shipped elsewhere).
/// </summary>
public static class FirstRunToken
{
    public const string Name = "first-run-admin";

    public static async Task CreateIfNoneAsync(DatabaseOptions database, CancellationToken cancellationToken)
    {
        await using var db = DatabaseRegistration.CreateDbContext(database);
        var tokens = new ApiTokens(db, TimeProvider.System);
        if (await tokens.AnyAsync(cancellationToken))
        {
            return;
        }
        var created = await tokens.CreateAsync(Name, Roles.Admin, "first start", cancellationToken);
        Console.WriteLine($"""

            First start: created an admin API token (named '{Name}'). Its secret is shown only now; store it:

                {created.Secret}

            Send it as `Authorization: Bearer <token>`. More tokens: actionitems token create --role triager --name <name>

            """);
    }
}

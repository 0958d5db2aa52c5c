using System.CommandLine;
using System.Globalization;
using ActionItems.Api.Auth;

namespace ActionItems.Api.Cli;

public static class TokenCommand
{
    public static Command Create()
    {
        var command = new Command("token", "Manage API tokens (the secret is shown once, at creation).");
        command.Subcommands.Add(CreateToken());
        command.Subcommands.Add(ListTokens());
        command.Subcommands.Add(RevokeToken());
        return command;
    }

    private static Command CreateToken()
    {
        var role = new Option<string>("--role") { Description = "viewer, triager or admin.", Required = true };
        role.Validators.Add(r =>
        {
            if (!Roles.IsKnown(r.GetValueOrDefault<string>()))
            {
                r.AddError($"--role: unknown role '{r.GetValueOrDefault<string>()}' (expected viewer, triager or admin)");
            }
        });
        var name = new Option<string>("--name") { Description = "What the token is for, e.g. grafana.", Required = true };
        var command = new Command("create", "Create a token and print its secret once.") { role, name };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parseResult, cancellationToken) => WithTokensAsync(parseResult, async tokens =>
        {
            try
            {
                var created = await tokens.CreateAsync(parseResult.GetRequiredValue(name), parseResult.GetRequiredValue(role),
                    $"cli:{Environment.UserName}", cancellationToken);
                Console.WriteLine(created.Secret);
                await Console.Error.WriteLineAsync(
                    $"created {created.Token.Role} token '{created.Token.Name}'; the secret above is shown only now. Use it as: Authorization: Bearer <secret>");
                return ActionItemsCli.ExitOk;
            }
            catch (ArgumentException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return ActionItemsCli.ExitUsage;
            }
        }, cancellationToken));
        return command;
    }

    private static Command ListTokens()
    {
        var command = new Command("list",
            "List tokens (names, roles, prefixes, creation, last use to the minute, revocation; never secrets).");
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parseResult, cancellationToken) => WithTokensAsync(parseResult, async tokens =>
        {
            Console.WriteLine(ListRow("NAME", "ROLE", "PREFIX", "CREATED", "LAST USED (UTC)", "REVOKED"));
            foreach (var t in await tokens.ListAsync(cancellationToken))
            {
                Console.WriteLine(ListRow(t.Name, t.Role, t.Prefix + "…", Day(t.CreatedAt),
                    t.LastUsedAt is { } used ? used.UtcDateTime.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture) : "never",
                    t.RevokedAt is { } revoked ? Day(revoked) : ""));
            }
            return ActionItemsCli.ExitOk;
        }, cancellationToken));
        return command;
    }

    private static string ListRow(string name, string role, string prefix, string created, string lastUsed, string revoked) =>
        $"{name,-24} {role,-8} {prefix,-12} {created,-10}  {lastUsed,-16}  {revoked}".TrimEnd();

    private static string Day(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static Command RevokeToken()
    {
        var name = new Option<string>("--name") { Description = "The token to revoke.", Required = true };
        var command = new Command("revoke", "Revoke a token; requests using it are refused from now on.") { name };
        command.TreatUnmatchedTokensAsErrors = false;
        command.SetAction((parseResult, cancellationToken) => WithTokensAsync(parseResult, async tokens =>
        {
            var tokenName = parseResult.GetRequiredValue(name);
            if (await tokens.FindByNameAsync(tokenName, cancellationToken) is not { RevokedAt: null } live)
            {
                await Console.Error.WriteLineAsync($"error: no live token named '{tokenName}'");
                return ActionItemsCli.ExitUsage;
            }
            var revoked = await tokens.RevokeAsync(live.Id, cancellationToken);
            if (!revoked.Succeeded)
            {
                // Revoked by someone else between the look-up and here: the core says when.
                await Console.Error.WriteLineAsync($"error: {revoked.Errors[0].Message}");
                return ActionItemsCli.ExitUsage;
            }
            Console.WriteLine($"revoked '{tokenName}'");
            return ActionItemsCli.ExitOk;
        }, cancellationToken));
        return command;
    }

    private static Task<int> WithTokensAsync(ParseResult parseResult, Func<ApiTokens, Task<int>> body,
        CancellationToken cancellationToken) =>
        ActionItemsCli.GuardAsync(async () =>
        {
            using var host = await CliHost.CreateAsync(ConfigurationOverrides.From(parseResult), cancellationToken);
            await using var scope = host.Services.CreateAsyncScope();
            return await body(scope.ServiceProvider.GetRequiredService<ApiTokens>());
        });
}

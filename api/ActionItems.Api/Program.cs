using ActionItems.Api.Cli;

// One binary: `serve` (the default), `migrate`, `version`. See Cli/ActionItemsCli.cs.
return await ActionItemsCli.RunAsync(args);

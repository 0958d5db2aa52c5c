using System.Collections;
using ActionItems.Core;
using Microsoft.Extensions.Configuration.CommandLine;
using Microsoft.Extensions.Configuration.Memory;

namespace ActionItems.Api.Hosting;

/// <summary>
/// Configuration values read from files named by <c>*_FILE</c> environment variables, the way Docker and
/// Kubernetes hand out secrets: <c>ConnectionStrings__ActionItems_FILE=/run/secrets/db</c> sets
/// <c>ConnectionStrings:ActionItems</c> to the file's content (for keys the application reads) (one trailing line break removed). A secret then never
/// sits in the environment, where <c>docker inspect</c> and process listings show it.
/// </summary>
public static class SecretFiles
{
    public const string Suffix = "_FILE";

    /// <summary>
    /// Adds the files' values after the environment variables and before the command line, so an explicit
    /// <c>--Key=value</c> still wins.
    /// </summary>
    /// <exception cref="ConfigurationErrorException">A named file cannot be read, or a key is set both directly and by a file.</exception>
    public static IConfigurationBuilder AddSecretFiles(this IConfigurationBuilder builder) =>
        builder.AddSecretFiles(Environment.GetEnvironmentVariables());

    public static IConfigurationBuilder AddSecretFiles(this IConfigurationBuilder builder, IDictionary environment)
    {
        var values = Read(environment);
        if (values.Count == 0)
        {
            return builder;
        }
        var source = new MemoryConfigurationSource { InitialData = values };
        var commandLine = builder.Sources.ToList().FindIndex(s => s is CommandLineConfigurationSource);
        if (commandLine < 0)
        {
            builder.Add(source);
        }
        else
        {
            builder.Sources.Insert(commandLine, source);
        }
        return builder;
    }

    /// <summary>The configuration key an environment variable ending in <see cref="Suffix"/> sets, else null.</summary>
    public static string? KeyOf(string variable) =>
        variable.Length > Suffix.Length && variable.EndsWith(Suffix, StringComparison.Ordinal)
            ? ConfigurationKeys.FromEnvironmentVariable(variable[..^Suffix.Length])
            : null;

    /// <summary>
    /// The configuration key a deployment's environment variable sets: through its file for a <see cref="Suffix"/>
    /// variable, else directly (<see cref="ConfigurationKeys.FromEnvironmentVariable"/>).
    /// </summary>
    public static string ConfigurationKeyOf(string variable) =>
        KeyOf(variable) ?? ConfigurationKeys.FromEnvironmentVariable(variable);

    private static Dictionary<string, string?> Read(IDictionary environment)
    {
        var variables = environment.Cast<DictionaryEntry>().ToDictionary(e => (string)e.Key, e => e.Value as string, StringComparer.Ordinal);
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (variable, path) in variables.OrderBy(v => v.Key, StringComparer.Ordinal))
        {
            // Only keys the application reads: other programs' *_FILE variables (TF_CLI_CONFIG_FILE, …) are not ours.
            if (KeyOf(variable) is not { } key || !ConfigurationKeys.IsKnown(key) || string.IsNullOrWhiteSpace(path))
            {
                continue;
            }
            var direct = variable[..^Suffix.Length];
            if (variables.TryGetValue(direct, out var set) && !string.IsNullOrEmpty(set))
            {
                throw new ConfigurationErrorException(key, $"both {direct} and {variable} are set; set one of them");
            }
            try
            {
                var text = File.ReadAllText(path);
                values[key] = text.EndsWith("\r\n", StringComparison.Ordinal) ? text[..^2] : text.TrimEnd('\n');
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
            {
                // The message names the variable and the path, never the content.
                throw new ConfigurationErrorException(key, $"{variable} names '{path}', which cannot be read ({e.GetType().Name})");
            }
        }
        return values;
    }
}

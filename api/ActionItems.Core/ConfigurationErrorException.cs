namespace ActionItems.Core;

/// <summary>
/// Bad configuration found at start-up. The host prints it as one line naming the key, then exits
/// non-zero, so an operator sees what to fix without reading a stack trace.
/// </summary>
public sealed class ConfigurationErrorException(string key, string problem, Exception? inner = null)
    : Exception($"{key}: {problem}", inner)
{
    public string Key { get; } = key;
    public string Problem { get; } = problem;
}

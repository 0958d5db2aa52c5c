namespace ActionItems.Sync.Phabricator;

/// <summary>
/// Conduit answered with an error envelope (<c>error_code</c> set, HTTP 200). The message never
/// contains the API token: Phorge echoes a refused token in <c>error_info</c>, which is redacted.
/// </summary>
public class ConduitErrorException(string method, string code, string info) : Exception($"Conduit {method} failed: {code}: {info}")
{
    public string Method { get; } = method;

    /// <summary>e.g. <c>ERR-INVALID-AUTH</c>, <c>ERR-CONDUIT-CORE</c>, <c>ERR-INVALID-OBJECT-PHID</c>.</summary>
    public string Code { get; } = code;

    public string Info { get; } = info;

    /// <summary>"Monogram "T9" does not identify a valid object." and friends (maniphest.edit on a missing task).</summary>
    public bool IsUnknownObject =>
        Code == "ERR-INVALID-OBJECT-PHID" || Info.Contains("does not identify a valid object", StringComparison.Ordinal);
}

/// <summary>The token was refused or is missing (<c>ERR-INVALID-AUTH</c>, <c>ERR-INVALID-SESSION</c>): every call to the target fails alike.</summary>
public sealed class ConduitAuthenticationException(string method, string code, string info) : ConduitErrorException(method, code, info);

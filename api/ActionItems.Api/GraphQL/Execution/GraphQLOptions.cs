namespace ActionItems.Api.GraphQL.Execution;

/// <summary>Limits and switches of the GraphQL endpoint (configuration section <c>GraphQL</c>).</summary>
public sealed class GraphQLOptions
{
    public const string Section = "GraphQL";

    /// <summary>The largest <c>first</c>/<c>last</c> a connection accepts; fixed so clients can rely on it.</summary>
    public const int MaxPageSize = 500;

    public const int DefaultPageSize = 50;

    /// <summary>Schema introspection (<c>__schema</c>, <c>__type</c>); turn off where clients ship the SDL instead.</summary>
    public bool Introspection { get; set; } = true;

    /// <summary>Largest query document, in UTF-8 bytes.</summary>
    public int MaxDocumentBytes { get; set; } = 64 * 1024;

    /// <summary>Largest request body (query + variables), in bytes.</summary>
    public int MaxRequestBytes { get; set; } = 1024 * 1024;

    public int MaxDepth { get; set; } = 12;

    /// <summary>Complexity budget: fields cost 1, multiplied by <c>first</c>/<c>last</c> of the lists they sit in.</summary>
    public int MaxComplexity { get; set; } = 250_000;

    public int RequestTimeoutSeconds { get; set; } = 30;

    /// <summary>Most field selections in one document, every alias and repetition counted (fragments once per spread).</summary>
    public int MaxFields { get; set; } = 2_000;

    /// <summary>Most aliased fields in one document.</summary>
    public int MaxAliases { get; set; } = 200;

    /// <summary>Most connection fields (lists that run SQL) selected at the root of one operation, aliases counted.</summary>
    public int MaxRootConnections { get; set; } = 20;

    public static IReadOnlyList<string> ConfigurationKeys { get; } =
    [
        $"{Section}:{nameof(Introspection)}",
        $"{Section}:{nameof(MaxDocumentBytes)}",
        $"{Section}:{nameof(MaxRequestBytes)}",
        $"{Section}:{nameof(MaxDepth)}",
        $"{Section}:{nameof(MaxComplexity)}",
        $"{Section}:{nameof(RequestTimeoutSeconds)}",
        $"{Section}:{nameof(MaxFields)}",
        $"{Section}:{nameof(MaxAliases)}",
        $"{Section}:{nameof(MaxRootConnections)}",
    ];
}

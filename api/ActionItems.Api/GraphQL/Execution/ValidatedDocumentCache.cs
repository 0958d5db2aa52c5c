using System.Collections.Concurrent;
using GraphQL;
using GraphQL.DI;
using GraphQLParser.AST;

namespace ActionItems.Api.GraphQL.Execution;

/// <summary>
/// Query documents that parsed and passed every validation rule once, by their exact text, so a dashboard or
/// triage list sending the same query again skips parsing and the schema rules (a sixth of a small request's
/// CPU). It is GraphQL.NET's document-cache hook (<see cref="IConfigureExecution"/>, like its MemoryDocumentCache,
/// which ships in a package not available here): on a hit the executer runs only
/// <see cref="ExecutionOptions.CachedDocumentValidationRules"/>, the rules that depend on the request — the
/// caller's role, GET-only, introspection off, complexity and the argument rule that read the request's
/// variables (GraphQLRegistration). Bounded by total query length and entries: when full it starts over, so a
/// client sending ever new documents (literals instead of variables) costs only the parse it would have cost anyway.
/// </summary>
public sealed class ValidatedDocumentCache : IConfigureExecution
{
    /// <summary>Total characters of cached query text (the parsed tree takes roughly ten times that in memory).</summary>
    public const int MaxCachedCharacters = 2_000_000;

    /// <summary>Most documents kept: tiny documents cost their tree (~0.5 KB) more than their text.</summary>
    public const int MaxEntries = 2_000;

    private readonly ConcurrentDictionary<string, GraphQLDocument> _documents = new(StringComparer.Ordinal);
    private int _cachedCharacters;

    /// <summary>After the option configurations (100), which put the request rules into both rule lists.</summary>
    public float SortOrder => 200;

    public async Task<ExecutionResult> ExecuteAsync(ExecutionOptions options, ExecutionDelegate next)
    {
        if (options.Document is not null || options.Query is not { } query)
        {
            return await next(options);
        }
        var cached = Find(query);
        if (cached is not null)
        {
            options.Document = cached;
            options.ValidationRules = options.CachedDocumentValidationRules ?? [];
        }
        var result = await next(options);
        // Executed means validation passed: a document refused for this caller (or any other reason) is not kept.
        if (cached is null && result.Executed && result.Document is { } validated)
        {
            Remember(query, validated);
        }
        return result;
    }

    public GraphQLDocument? Find(string query) => _documents.GetValueOrDefault(query);

    public void Remember(string query, GraphQLDocument document)
    {
        if (query.Length > MaxCachedCharacters / 10)
        {
            return;
        }
        if (_documents.Count >= MaxEntries || Interlocked.Add(ref _cachedCharacters, query.Length) > MaxCachedCharacters)
        {
            // Approximate under concurrent adds (a count may be lost with the clear): the bound stays within 2x.
            _documents.Clear();
            Interlocked.Exchange(ref _cachedCharacters, query.Length);
        }
        _documents.TryAdd(query, document);
    }
}

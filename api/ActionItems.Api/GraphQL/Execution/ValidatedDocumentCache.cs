using System.Collections.Concurrent;
using GraphQLParser.AST;

namespace ActionItems.Api.GraphQL.Execution;

/// <summary>
/// Query documents that parsed and passed every validation rule once, by their exact text, so a dashboard or
/// triage list sending the same query again skips parsing and the schema rules (a sixth of a small request's
/// CPU). Only the rules that depend on the request — the caller's role, GET-only, introspection off, and the
/// argument rule that checks the request's variables — run again on a cached document (GraphQLEndpoint).
/// Bounded by total query length and entries: when full it starts over, so a client sending ever new documents (literals
/// instead of variables) costs only the parse it would have cost anyway.
/// </summary>
public sealed class ValidatedDocumentCache
{
    /// <summary>Total characters of cached query text (the parsed tree takes roughly ten times that in memory).</summary>
    public const int MaxCachedCharacters = 2_000_000;

    /// <summary>Most documents kept: tiny documents cost their tree (~0.5 KB) more than their text.</summary>
    public const int MaxEntries = 2_000;

    private readonly ConcurrentDictionary<string, GraphQLDocument> _documents = new(StringComparer.Ordinal);
    private int _cachedCharacters;

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

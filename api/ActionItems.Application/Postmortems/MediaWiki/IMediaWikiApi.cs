using System.Text.Json.Serialization;
using Refit;

namespace ActionItems.Application.Postmortems.MediaWiki;

/// <summary>The part of the MediaWiki Action API we use: the current wikitext of one page (formatversion=2).</summary>
public interface IMediaWikiApi
{
    [Get("/{**apiPath}?action=query&prop=revisions&rvprop=content%7Ctimestamp%7Cids&rvslots=main&format=json&formatversion=2&redirects=1")]
    Task<MediaWikiQueryResponse> GetPageAsync(string apiPath, [AliasAs("titles")] string title, CancellationToken cancellationToken);
}

public sealed record MediaWikiQueryResponse(
    [property: JsonPropertyName("query")] MediaWikiQuery? Query,
    [property: JsonPropertyName("error")] MediaWikiError? Error);

public sealed record MediaWikiError(
    [property: JsonPropertyName("code")] string? Code,
    [property: JsonPropertyName("info")] string? Info);

public sealed record MediaWikiQuery([property: JsonPropertyName("pages")] IReadOnlyList<MediaWikiPage>? Pages);

public sealed record MediaWikiPage(
    [property: JsonPropertyName("title")] string? Title,
    [property: JsonPropertyName("missing")] bool Missing,
    [property: JsonPropertyName("invalid")] bool Invalid,
    [property: JsonPropertyName("invalidreason")] string? InvalidReason,
    [property: JsonPropertyName("revisions")] IReadOnlyList<MediaWikiRevision>? Revisions);

public sealed record MediaWikiRevision(
    [property: JsonPropertyName("revid")] long RevisionId,
    [property: JsonPropertyName("timestamp")] DateTimeOffset Timestamp,
    [property: JsonPropertyName("slots")] MediaWikiSlots? Slots);

public sealed record MediaWikiSlots([property: JsonPropertyName("main")] MediaWikiSlot? Main);

public sealed record MediaWikiSlot(
    [property: JsonPropertyName("contentmodel")] string? ContentModel,
    [property: JsonPropertyName("content")] string? Content);

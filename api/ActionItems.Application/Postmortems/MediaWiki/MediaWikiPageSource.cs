using System.Net;
using Refit;

namespace ActionItems.Application.Postmortems.MediaWiki;

/// <summary>A wiki page's current wikitext and the revision it came from.</summary>
public sealed record WikiPage(string Title, string Url, string Wikitext, long RevisionId, DateTimeOffset Timestamp)
{
    /// <summary>Stored as the incident's document version.</summary>
    public string Version => $"rev {RevisionId} ({Timestamp.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss'Z'})";
}

/// <summary>Where a page lives: the wiki's origin, its API path and the page title.</summary>
public sealed record WikiPageAddress(Uri Origin, string ApiPath, string Title)
{
    public string PageUrl => new Uri(Origin, "/wiki/" + Uri.EscapeDataString(Title.Replace(' ', '_')).Replace("%2F", "/", StringComparison.Ordinal)).ToString();

    /// <summary>
    /// Accepts a page URL (<c>https://wikitech.wikimedia.org/wiki/Incidents/…</c>, or <c>…/w/index.php?title=…</c>)
    /// or <c>wiki:Title</c>, which is resolved against the configured wiki. Returns null for anything else.
    /// </summary>
    public static WikiPageAddress? Parse(string input, MediaWikiOptions options)
    {
        if (input.StartsWith("wiki:", StringComparison.OrdinalIgnoreCase))
        {
            var title = input[5..].Trim().Replace('_', ' ');
            var api = new Uri(options.ApiUrl);
            return title.Length == 0 ? null : new WikiPageAddress(new Uri(api.GetLeftPart(UriPartial.Authority)), api.AbsolutePath.TrimStart('/'), title);
        }
        if (!Uri.TryCreate(input, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            return null;
        }
        var origin = new Uri(uri.GetLeftPart(UriPartial.Authority));
        string? pageTitle = null;
        if (uri.AbsolutePath.StartsWith("/wiki/", StringComparison.Ordinal))
        {
            pageTitle = Uri.UnescapeDataString(uri.AbsolutePath["/wiki/".Length..]);
        }
        else if (System.Web.HttpUtility.ParseQueryString(uri.Query)["title"] is { Length: > 0 } fromQuery)
        {
            pageTitle = fromQuery;
        }
        return string.IsNullOrWhiteSpace(pageTitle) ? null : new WikiPageAddress(origin, "w/api.php", pageTitle.Replace('_', ' '));
    }
}

public sealed class MediaWikiOptions
{
    public const string Section = "MediaWiki";

    /// <summary>The Action API endpoint that <c>wiki:Title</c> refers to.</summary>
    public string ApiUrl { get; set; } = "https://wikitech.wikimedia.org/w/api.php";
}

/// <summary>Fetch failed in a way the user can act on (missing page, unreachable wiki); the message is one line.</summary>
public sealed class WikiFetchException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Fetches a page's wikitext through the Action API (Refit), reporting failures as one clear line.</summary>
public sealed class MediaWikiPageSource(IHttpClientFactory httpClients)
{
    public const string HttpClientName = "mediawiki";

    public async Task<WikiPage> FetchAsync(WikiPageAddress address, CancellationToken cancellationToken)
    {
        var http = httpClients.CreateClient(HttpClientName);
        http.BaseAddress = address.Origin;
        var api = RestService.For<IMediaWikiApi>(http);
        MediaWikiQueryResponse response;
        try
        {
            response = await api.GetPageAsync(address.ApiPath, address.Title, cancellationToken);
        }
        catch (ApiException e)
        {
            throw new WikiFetchException(e.StatusCode == HttpStatusCode.NotFound
                ? $"{address.Origin} has no MediaWiki API at /{address.ApiPath}"
                : $"{address.Origin} answered {(int)e.StatusCode} {e.ReasonPhrase}", e);
        }
        catch (Exception e) when (e is ApiRequestException or HttpRequestException)
        {
            throw new WikiFetchException($"cannot reach {address.Origin}: {(e.InnerException ?? e).Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new WikiFetchException($"{address.Origin} did not answer in time", e);
        }

        if (response.Error is { } error)
        {
            throw new WikiFetchException($"the wiki refused the request: {error.Code}: {error.Info}");
        }
        if (response.Query?.Pages is not [var page, ..])
        {
            throw new WikiFetchException($"the wiki returned no page for '{address.Title}'");
        }
        if (page.Missing)
        {
            throw new WikiFetchException($"the page '{address.Title}' does not exist on {address.Origin.Host}");
        }
        if (page.Invalid)
        {
            throw new WikiFetchException($"'{address.Title}' is not a valid page title: {page.InvalidReason}");
        }
        if (page.Revisions is not [var revision, ..] || revision.Slots?.Main?.Content is not { } content)
        {
            throw new WikiFetchException($"the page '{address.Title}' has no readable content");
        }
        var resolved = address with { Title = page.Title ?? address.Title };
        return new WikiPage(resolved.Title, resolved.PageUrl, content, revision.RevisionId, revision.Timestamp);
    }
}

using System.Text;
using ActionItems.Application.Postmortems.MediaWiki;
using Microsoft.Extensions.Options;

namespace ActionItems.Application.Postmortems;

/// <summary>A postmortem to import: its text, the source's version and, when the source tells, when it was last edited.</summary>
public sealed record LoadedDocument(string Text, string? Version = null, DateTimeOffset? EditedAt = null);

/// <summary>One postmortem to import: a name for reports, its source (re-imports find the incident by it) and how to read it.</summary>
public sealed record PostmortemDocument(string Name, string? Source, Func<CancellationToken, Task<LoadedDocument>> LoadAsync);

/// <summary>
/// Where postmortems come from: a file, a directory of them, a wiki page URL or <c>wiki:Title</c> (the configured
/// MediaWiki). Reading happens when a document is loaded, so a batch reports each failure on its own.
/// </summary>
public sealed class PostmortemSources(IOptions<MediaWikiOptions> wikiOptions, MediaWikiPageSource wiki)
{
    public static IReadOnlyList<string> DocumentExtensions { get; } =
        [".txt", ".md", ".markdown", ".wiki", ".wikitext", ".mediawiki", ".html", ".htm"];

    /// <summary>The documents <paramref name="input"/> names; empty when it names none.</summary>
    public IReadOnlyList<PostmortemDocument> Find(string input)
    {
        if (Directory.Exists(input))
        {
            return [.. Directory.EnumerateFiles(input)
                .Where(f => DocumentExtensions.Contains(Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                .Order(StringComparer.Ordinal)
                .Select(FileDocument)];
        }
        if (File.Exists(input))
        {
            return [FileDocument(input)];
        }
        if (WikiPageAddress.Parse(input, wikiOptions.Value) is { } address)
        {
            return [new PostmortemDocument(address.PageUrl, address.PageUrl, async ct =>
            {
                var page = await wiki.FetchAsync(address, ct);
                return new LoadedDocument(page.Wikitext, page.Version, page.Timestamp);
            })];
        }
        return [];
    }

    /// <summary>Postmortem files on disk: UTF-8 (a BOM or UTF-16 BOM is honoured); invalid bytes become U+FFFD.</summary>
    public static async Task<string> ReadFileAsync(string path, CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(path, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true);
        return await reader.ReadToEndAsync(cancellationToken);
    }

    private static PostmortemDocument FileDocument(string path) =>
        new(Path.GetFileName(path), Path.GetFileName(path), async ct => new LoadedDocument(await ReadFileAsync(path, ct)));
}

using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace ActionItems.Application.Postmortems.MediaWiki;

public static class MediaWikiRegistration
{
    /// <summary>Fetching postmortems from a MediaWiki (Wikitech) by page URL or <c>wiki:Title</c>.</summary>
    public static IHostApplicationBuilder AddMediaWiki(this IHostApplicationBuilder builder)
    {
        builder.Services.Configure<MediaWikiOptions>(builder.Configuration.GetSection(MediaWikiOptions.Section));
        builder.Services.AddHttpClient(MediaWikiPageSource.HttpClientName, http =>
        {
            // Wikimedia's API policy asks every client to identify itself.
            http.DefaultRequestHeaders.UserAgent.ParseAdd("ActionItems/0.1 (postmortem action item tracker)");
            http.Timeout = TimeSpan.FromSeconds(30);
        });
        builder.Services.AddTransient<MediaWikiPageSource>();
        return builder;
    }
}

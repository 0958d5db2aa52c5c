using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace ActionItems.Api.GraphQL.Execution;

/// <summary>
/// The media type a response is written in, chosen from the request's <c>Accept</c> (GraphQL-over-HTTP §Accept,
/// §Body): <c>application/graphql-response+json</c> unless the client prefers <c>application/json</c>.
/// </summary>
public sealed class ResponseMediaType
{
    private const string GraphQLResponseType = "application/graphql-response+json";
    private const string JsonType = "application/json";

    public static ResponseMediaType GraphQLResponse { get; } = new(GraphQLResponseType + "; charset=utf-8", statusFromErrors: true);

    /// <summary>
    /// For clients that predate <c>application/graphql-response+json</c>: they may take only a 200 as a GraphQL
    /// response, so every request that reached GraphQL gets 200 and its errors in the body (the spec's
    /// <c>application/json</c> status codes).
    /// </summary>
    public static ResponseMediaType Json { get; } = new(JsonType + "; charset=utf-8", statusFromErrors: false);

    private ResponseMediaType(string contentType, bool statusFromErrors)
    {
        ContentType = contentType;
        StatusFromErrors = statusFromErrors;
    }

    /// <summary>The <c>Content-Type</c> of the response.</summary>
    public string ContentType { get; }

    /// <summary>Whether a request that failed parsing or validation answers a 4xx (else 200 with the errors).</summary>
    public bool StatusFromErrors { get; }

    /// <summary>
    /// The type <paramref name="accept"/> ranks highest; <see cref="GraphQLResponse"/> without an <c>Accept</c>, for
    /// <c>*/*</c> and on a tie, unless only <c>application/json</c> is named; null when neither is acceptable.
    /// </summary>
    public static ResponseMediaType? Negotiate(StringValues accept)
    {
        if (StringValues.IsNullOrEmpty(accept)
            || (accept.Count == 1 && string.Equals(accept[0], GraphQLResponseType, StringComparison.OrdinalIgnoreCase)))
        {
            return GraphQLResponse;
        }
        if (!MediaTypeHeaderValue.TryParseList(accept, out var ranges))
        {
            return null;
        }
        var graphql = Acceptance(ranges, "graphql-response+json");
        var json = Acceptance(ranges, "json");
        if (graphql.Quality <= 0 && json.Quality <= 0)
        {
            return null;
        }
        return json.Quality > graphql.Quality || (json.Quality == graphql.Quality && json.Named && !graphql.Named)
            ? Json
            : GraphQLResponse;
    }

    /// <summary>
    /// The quality <paramref name="ranges"/> give <c>application/{subtype}</c>: that of the most specific range that
    /// matches it (RFC 9110 §12.5.1), and whether that range names the type rather than a wildcard.
    /// </summary>
    private static (double Quality, bool Named) Acceptance(IList<MediaTypeHeaderValue> ranges, string subtype)
    {
        var bestSpecificity = 0;
        var quality = 0.0;
        foreach (var range in ranges)
        {
            var specificity = range.MatchesAllTypes ? 1
                : !range.Type.Equals("application", StringComparison.OrdinalIgnoreCase) ? 0
                : range.MatchesAllSubTypes ? 2
                : range.SubType.Equals(subtype, StringComparison.OrdinalIgnoreCase) ? 3
                : 0;
            if (specificity > bestSpecificity)
            {
                bestSpecificity = specificity;
                quality = range.Quality ?? 1;
            }
        }
        return (quality, bestSpecificity == 3);
    }
}

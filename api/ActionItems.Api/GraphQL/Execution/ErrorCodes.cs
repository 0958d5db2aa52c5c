namespace ActionItems.Api.GraphQL.Execution;

/// <summary>The values of <c>extensions.code</c> clients can rely on.</summary>
public static class ErrorCodes
{
    public const string NotFound = "NOT_FOUND";
    public const string Validation = "VALIDATION";
    public const string Conflict = "CONFLICT";
    public const string Forbidden = "FORBIDDEN";
    public const string Unauthenticated = "UNAUTHENTICATED";
    public const string ParseError = "PARSE_ERROR";
    public const string MethodNotAllowed = "METHOD_NOT_ALLOWED";
    public const string NotAcceptable = "NOT_ACCEPTABLE";
    public const string Timeout = "TIMEOUT";
    public const string Internal = "INTERNAL";

    /// <summary>The database cannot be reached; the HTTP answer is 503 with <c>Retry-After</c>.</summary>
    public const string Unavailable = "UNAVAILABLE";

    /// <summary>The caller sent more requests than <c>RateLimiting:GraphQL</c> allows; the HTTP answer is 429 with <c>Retry-After</c>.</summary>
    public const string RateLimited = "RATE_LIMITED";
}

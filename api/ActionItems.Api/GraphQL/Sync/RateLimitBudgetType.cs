using ActionItems.Sync.GitHub;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Sync;

public sealed class RateLimitBudgetType : ObjectGraphType<GitHubRateLimitBudget>
{
    public RateLimitBudgetType()
    {
        Name = "RateLimitBudget";
        Description = "A tracker's rate-limit budget as the latest answer this process received stated it (GitHub's x-ratelimit-* headers).";
        Field<NonNullGraphType<IntGraphType>>("remaining").Description("Requests left until resetAt (a 304 answer costs none).")
            .Resolve(c => c.Source.Remaining);
        Field<NonNullGraphType<IntGraphType>>("limit").Description("Requests allowed per window (5,000 an hour for a token on github.com).")
            .Resolve(c => c.Source.Limit);
        Field<NonNullGraphType<DateTimeGraphType>>("resetAt").Description("When the window ends and remaining is back at limit.")
            .Resolve(c => c.Source.ResetAt.UtcDateTime);
        Field<NonNullGraphType<DateTimeGraphType>>("observedAt").Description("When the answer stating these figures arrived.")
            .Resolve(c => c.Source.ObservedAt.UtcDateTime);
    }
}

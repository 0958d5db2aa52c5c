using ActionItems.Api.Auth;
using Hangfire;
using Hangfire.Dashboard;

namespace ActionItems.Api.Trackers;

/// <summary>The Hangfire dashboard at <c>/jobs</c>, for admins only (API token or JWT with the admin role).</summary>
public static class JobsDashboard
{
    public const string Path = "/jobs";

    public static IApplicationBuilder UseJobsDashboard(this IApplicationBuilder app) =>
        app.UseHangfireDashboard(Path, new DashboardOptions
        {
            Authorization = [new AdminOnly()],
            DashboardTitle = "ActionItems jobs",
        });

    private sealed class AdminOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Admin);
    }
}

using System.Net;
using ActionItems.Api.Auth;
using Hangfire;
using Hangfire.Dashboard;
using Microsoft.AspNetCore.DataProtection;

namespace ActionItems.Api.Trackers;

/// <summary>
/// The Hangfire dashboard at <c>/jobs</c>, for admins only (API token or JWT with the admin role). A browser
/// cannot send an <c>Authorization</c> header, so <c>/jobs/sign-in</c> takes an admin API token once and keeps it
/// in an encrypted, HttpOnly, SameSite=Strict cookie scoped to <c>/jobs</c>. Every request with that cookie is
/// authenticated exactly like the bearer token it carries, so a revoked token stops the cookie too.
/// </summary>
public static class JobsDashboard
{
    public const string Path = "/jobs";
    public const string SignInPath = Path + "/sign-in";
    public const string SignOutPath = Path + "/sign-out";
    public const string CookieName = "actionitems_jobs";

    /// <summary>How long a sign-in lasts; the browser forgets the cookie when it closes anyway.</summary>
    public static readonly TimeSpan SignInLifetime = TimeSpan.FromHours(8);

    private const string ProtectorPurpose = "ActionItems.JobsDashboard.Token";

    /// <summary>Before authentication: turns the sign-in cookie back into the bearer token it was made from.</summary>
    public static IApplicationBuilder UseJobsDashboardCookie(this IApplicationBuilder app) =>
        app.Use(async (context, next) =>
        {
            if (context.Request.Path.StartsWithSegments(Path) &&
                !context.Request.Headers.ContainsKey("Authorization") &&
                context.Request.Cookies.TryGetValue(CookieName, out var protectedToken) &&
                Unprotect(context, protectedToken) is { } secret)
            {
                context.Request.Headers.Authorization = "Bearer " + secret;
            }
            await next(context);
        });

    public static IApplicationBuilder UseJobsDashboard(this IApplicationBuilder app)
    {
        app.Map(SignInPath, signIn => signIn.Run(SignInAsync));
        app.Map(SignOutPath, signOut => signOut.Run(SignOutAsync));
        app.UseWhen(context => context.Request.Path.StartsWithSegments(Path), jobs => jobs.Use(GuardAsync));
        return app.UseHangfireDashboard(Path, new DashboardOptions
        {
            Authorization = [new AdminOnly()],
            DashboardTitle = "ActionItems jobs",
            AppPath = "/",
        });
    }

    /// <summary>
    /// What the dashboard itself gets wrong: a browser that is not signed in is sent to the sign-in page instead
    /// of a bare 401; the dashboard's form endpoints (<c>/stats</c>, job actions) read a form body and throw —
    /// a 500 — when there is none, so such requests are refused here with a 4xx.
    /// </summary>
    private static async Task GuardAsync(HttpContext context, RequestDelegate next)
    {
        var request = context.Request;
        if (HttpMethods.IsGet(request.Method) && !context.User.IsInRole(Roles.Admin) &&
            request.Headers.Accept.ToString().Contains("text/html", StringComparison.OrdinalIgnoreCase))
        {
            var returnTo = request.PathBase + request.Path + request.QueryString;
            context.Response.Redirect($"{SignInPath}?returnTo={Uri.EscapeDataString(returnTo)}");
            return;
        }
        if (request.Path.Equals(Path + "/stats", StringComparison.OrdinalIgnoreCase) && !HttpMethods.IsPost(request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "POST";
            await context.Response.WriteAsync("/jobs/stats answers the dashboard's POST with a form body.\n");
            return;
        }
        if (HttpMethods.IsPost(request.Method) && !request.HasFormContentType)
        {
            context.Response.StatusCode = StatusCodes.Status415UnsupportedMediaType;
            await context.Response.WriteAsync(
                "The jobs dashboard's actions take a form body (Content-Type: application/x-www-form-urlencoded).\n");
            return;
        }
        await next(context);
    }

    private static async Task SignInAsync(HttpContext context)
    {
        var returnTo = LocalReturnPath(context.Request.Query["returnTo"].ToString());
        if (HttpMethods.IsGet(context.Request.Method))
        {
            await WritePageAsync(context, StatusCodes.Status200OK, returnTo, message: null);
            return;
        }
        if (!HttpMethods.IsPost(context.Request.Method) || !context.Request.HasFormContentType)
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "GET, POST";
            return;
        }
        var form = await context.Request.ReadFormAsync(context.RequestAborted);
        returnTo = LocalReturnPath(form["returnTo"].ToString());
        var secret = form["token"].ToString().Trim();
        var token = await context.RequestServices.GetRequiredService<ApiTokens>().FindAsync(secret, context.RequestAborted);
        if (token is null)
        {
            await WritePageAsync(context, StatusCodes.Status401Unauthorized, returnTo, "Unknown or revoked API token.");
            return;
        }
        if (token.Role != Roles.Admin)
        {
            await WritePageAsync(context, StatusCodes.Status403Forbidden, returnTo,
                $"The token '{token.Name}' has role '{token.Role}'; the jobs dashboard needs an admin token.");
            return;
        }
        context.Response.Cookies.Append(CookieName, Protector(context).Protect(secret, SignInLifetime), CookieOptions(context));
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = returnTo;
    }

    private static Task SignOutAsync(HttpContext context)
    {
        if (!HttpMethods.IsPost(context.Request.Method))
        {
            context.Response.StatusCode = StatusCodes.Status405MethodNotAllowed;
            context.Response.Headers.Allow = "POST";
            return Task.CompletedTask;
        }
        context.Response.Cookies.Delete(CookieName, CookieOptions(context));
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = SignInPath;
        return Task.CompletedTask;
    }

    private static CookieOptions CookieOptions(HttpContext context) => new()
    {
        Path = Path,
        HttpOnly = true,
        // Strict: no other site can make the browser send it, which is what keeps the dashboard's
        // job actions (delete, requeue) safe from cross-site requests.
        SameSite = SameSiteMode.Strict,
        Secure = context.Request.IsHttps,
        IsEssential = true,
    };

    private static string? Unprotect(HttpContext context, string protectedToken)
    {
        try
        {
            return Protector(context).Unprotect(protectedToken);
        }
        catch (System.Security.Cryptography.CryptographicException)
        {
            // Expired, or made with keys this process does not have: the browser is simply not signed in.
            return null;
        }
    }

    private static ITimeLimitedDataProtector Protector(HttpContext context) =>
        context.RequestServices.GetRequiredService<IDataProtectionProvider>().CreateProtector(ProtectorPurpose).ToTimeLimitedDataProtector();

    /// <summary>Only a path under the dashboard: a sign-in link must not send the browser anywhere else.</summary>
    private static string LocalReturnPath(string returnTo) =>
        returnTo.StartsWith(Path, StringComparison.Ordinal) && !returnTo.StartsWith(SignInPath, StringComparison.Ordinal) &&
        !returnTo.Contains("//", StringComparison.Ordinal) && !returnTo.Contains('\\', StringComparison.Ordinal)
            ? returnTo
            : Path;

    private static async Task WritePageAsync(HttpContext context, int status, string returnTo, string? message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        var error = message is null ? "" : $"<p role=\"alert\"><strong>{WebUtility.HtmlEncode(message)}</strong></p>";
        await context.Response.WriteAsync($$"""
            <!doctype html>
            <html lang="en"><head><meta charset="utf-8"><title>Sign in — ActionItems jobs</title>
            <style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem}input{width:100%;padding:.4rem;font-family:monospace}</style>
            </head><body>
            <h1>ActionItems jobs</h1>
            <p>The background jobs dashboard is for admins. Paste an admin API token (<code>ai_…</code>, from the first
            start or <code>actionitems token create --role admin --name &lt;you&gt;</code>).</p>
            {{error}}
            <form method="post" action="{{SignInPath}}">
            <input type="hidden" name="returnTo" value="{{WebUtility.HtmlEncode(returnTo)}}">
            <label for="token">Admin API token</label>
            <p><input id="token" name="token" type="password" autocomplete="off" required autofocus></p>
            <button type="submit">Sign in</button>
            </form>
            <p>The token is kept, encrypted, in a cookie for this page only, for at most {{SignInLifetime.TotalHours}} hours.</p>
            </body></html>
            """);
    }

    private sealed class AdminOnly : IDashboardAuthorizationFilter
    {
        public bool Authorize(DashboardContext context) => context.GetHttpContext().User.IsInRole(Roles.Admin);
    }
}

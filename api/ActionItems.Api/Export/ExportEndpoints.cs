using System.Globalization;
using System.Text;
using System.Text.Json;
using ActionItems.Api.Auth;
using ActionItems.Application;
using ActionItems.Application.Export;

namespace ActionItems.Api.Export;

/// <summary>
/// <c>GET /export/action-items.csv</c> and <c>.json</c>: the items a GraphQL <c>actionItems(filter:)</c> would list
/// (<see cref="ExportQueryString"/>), every one of them, streamed — for spreadsheets and notebooks. Readable by the
/// same callers as the API (role viewer, or anonymous read where it is on).
/// </summary>
public static class ExportEndpoints
{
    /// <summary>The folder both exports live under (the web app leaves it alone: Web/WebAppEndpoints.cs).</summary>
    public const string PathPrefix = "/export";
    public const string CsvPath = PathPrefix + "/action-items.csv";
    public const string JsonPath = PathPrefix + "/action-items.json";

    /// <summary>Rows written between flushes: the client sees progress, the server does not hold the file.</summary>
    private const int FlushEvery = 500;

    private static readonly string[] Columns =
    [
        "id", "incident_id", "incident_slug", "incident_title", "incident_date", "title", "status", "priority",
        "owner_id", "owner", "team", "due_date", "tags", "tracker_tasks", "needs_review", "opened_at", "resolved_at", "created_at", "updated_at",
        "archived_at",
    ];

    public static IEndpointRouteBuilder MapActionItemsExport(this IEndpointRouteBuilder app)
    {
        app.MapGet(CsvPath, (HttpContext http, ActionItemExport export) => ExportAsync(http, export, WriteCsvAsync, "text/csv; charset=utf-8"));
        app.MapGet(JsonPath, (HttpContext http, ActionItemExport export) => ExportAsync(http, export, WriteJsonAsync, "application/json; charset=utf-8"));
        return app;
    }

    private delegate Task RowWriter(Stream body, IAsyncEnumerable<ExportRow> rows, CancellationToken cancellationToken);

    private static async Task ExportAsync(HttpContext http, ActionItemExport export, RowWriter write, string contentType)
    {
        if (!http.User.IsInRole(Roles.Viewer))
        {
            await RefuseAsync(http);
            return;
        }
        Application.Stats.ActionItemFilter filter;
        try
        {
            filter = ExportQueryString.Parse(http.Request.Query);
        }
        catch (FormatException e)
        {
            await Results.Json(new { error = e.Message, code = "VALIDATION" }, statusCode: StatusCodes.Status400BadRequest).ExecuteAsync(http);
            return;
        }
        http.Response.ContentType = contentType;
        http.Response.Headers.ContentDisposition =
            $"attachment; filename=\"action-items-{DateTime.UtcNow:yyyyMMdd-HHmmss}{Path.GetExtension(http.Request.Path.Value)}\"";
        http.Response.Headers.CacheControl = "no-store";
        // Once the first row is sent the status cannot change: a failure after it aborts the response, so a
        // client never mistakes a cut-off export for a complete one.
        await write(http.Response.Body, export.RowsAsync(filter, http.RequestAborted), http.RequestAborted);
    }

    /// <summary>401 with the reason credentials were refused (or that none were sent), 403 for a role without read.</summary>
    private static Task RefuseAsync(HttpContext http)
    {
        if (http.User.Identity?.IsAuthenticated == true)
        {
            return Results.Json(new { error = "exporting needs role 'viewer'", code = "FORBIDDEN" }, statusCode: StatusCodes.Status403Forbidden)
                .ExecuteAsync(http);
        }
        var refusal = CredentialRefusal.Describe(http);
        http.Response.Headers.WWWAuthenticate = refusal is null ? CredentialRefusal.Challenge : CredentialRefusal.InvalidTokenChallenge;
        return Results.Json(new { error = refusal ?? "exporting needs a token (Authorization: Bearer …)", code = "UNAUTHENTICATED" },
            statusCode: StatusCodes.Status401Unauthorized).ExecuteAsync(http);
    }

    private static async Task WriteCsvAsync(Stream body, IAsyncEnumerable<ExportRow> rows, CancellationToken cancellationToken)
    {
        await using var writer = new StreamWriter(body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), leaveOpen: true);
        await writer.WriteAsync(string.Join(',', Columns) + "\r\n");
        var written = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            string?[] cells =
            [
                Number(row.Id), Number(row.IncidentId), row.IncidentSlug, row.IncidentTitle, Date(row.IncidentDate), row.Title,
                ApiNames.Of(row.Status), ApiNames.Of(row.Priority), row.OwnerId is { } owner ? Number(owner) : null,
                row.OwnerName, row.Team, Date(row.DueDate), string.Join(';', row.Tags), string.Join(';', row.TrackerTasks),
                row.NeedsReview ? "true" : "false", Instant(row.OpenedAt), row.ResolvedAt is { } resolved ? Instant(resolved) : null,
                Instant(row.CreatedAt), Instant(row.UpdatedAt),
                row.ArchivedAt is { } archived ? Instant(archived) : null,
            ];
            await writer.WriteAsync(string.Join(',', cells.Select(CsvCell)) + "\r\n");
            if (++written % FlushEvery == 0)
            {
                await writer.FlushAsync(cancellationToken);
            }
        }
    }

    private static async Task WriteJsonAsync(Stream body, IAsyncEnumerable<ExportRow> rows, CancellationToken cancellationToken)
    {
        await using var json = new Utf8JsonWriter(body, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartArray();
        var written = 0;
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            json.WriteStartObject();
            json.WriteString("id", Number(row.Id));
            json.WriteStartObject("incident");
            json.WriteString("id", Number(row.IncidentId));
            json.WriteString("slug", row.IncidentSlug);
            json.WriteString("title", row.IncidentTitle);
            json.WriteString("date", Date(row.IncidentDate));
            json.WriteEndObject();
            json.WriteString("title", row.Title);
            json.WriteString("status", ApiNames.Of(row.Status));
            json.WriteString("priority", ApiNames.Of(row.Priority));
            if (row.OwnerId is { } ownerId)
            {
                json.WriteStartObject("owner");
                json.WriteString("id", Number(ownerId));
                json.WriteString("name", row.OwnerName);
                json.WriteEndObject();
            }
            else
            {
                json.WriteNull("owner");
            }
            json.WriteString("team", row.Team);
            json.WriteString("dueDate", Date(row.DueDate));
            WriteStrings(json, "tags", row.Tags);
            WriteStrings(json, "trackerTasks", row.TrackerTasks);
            json.WriteBoolean("needsReview", row.NeedsReview);
            json.WriteString("openedAt", row.OpenedAt);
            WriteInstant(json, "resolvedAt", row.ResolvedAt);
            json.WriteString("createdAt", row.CreatedAt);
            json.WriteString("updatedAt", row.UpdatedAt);
            WriteInstant(json, "archivedAt", row.ArchivedAt);
            json.WriteEndObject();
            if (++written % FlushEvery == 0)
            {
                await json.FlushAsync(cancellationToken);
            }
        }
        json.WriteEndArray();
        await json.FlushAsync(cancellationToken);
    }

    private static void WriteInstant(Utf8JsonWriter json, string name, DateTimeOffset? value)
    {
        if (value is { } instant)
        {
            json.WriteString(name, instant);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteStrings(Utf8JsonWriter json, string name, IEnumerable<string> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }
        json.WriteEndArray();
    }

    /// <summary>
    /// RFC 4180 quoting; and a cell a spreadsheet would run as a formula (titles come from documents anyone can
    /// edit) gets a leading apostrophe, which spreadsheets show as text.
    /// </summary>
    internal static string CsvCell(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return "";
        }
        if (value[0] is '=' or '+' or '-' or '@' or '\t' or '\r')
        {
            value = "'" + value;
        }
        return value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;
    }

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string? Date(DateOnly? value) => value?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static string Instant(DateTimeOffset value) => value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}

using System.Text.Json.Nodes;
using ActionItems.FakePhorge;
using Microsoft.Extensions.Time.Testing;

namespace ActionItems.IntegrationTests.Sync.Phabricator;

/// <summary>
/// Replays the recorded Conduit requests against one fake Phorge, in the order they were recorded on
/// the real server (by their timestamps; filenames are almost that order), with the fake's clock set
/// to the recorded times so ids, dates and transaction lists come out the same. Each response is
/// compared with the recording by <see cref="JsonShape"/>; the differences are kept per fixture.
/// </summary>
public sealed class FixtureReplay : IAsyncLifetime
{
    /// <summary>Fixtures the fake does not replay, and why.</summary>
    public static IReadOnlyDictionary<string, string> NotReplayed { get; } = new Dictionary<string, string>
    {
        ["04_project_edit_create"] = "project.edit is not part of the fake; the project is seeded",
        ["25_maniphest_edit_move_column"] = "workboard columns are not modelled",
        ["32b_maniphest_search_attachments_with_workboard"] = "workboard columns are not modelled",
        ["70_webhook_test_call_T1"] = "a webhook delivery, checked by the webhook tests",
        ["71_webhook_firehose_T2_edit"] = "a webhook delivery, checked by the webhook tests",
    };

    /// <summary>The recording order. Numbers are the recorded epoch seconds to set before the step.</summary>
    private static readonly (string Step, long? At)[] Script =
    [
        ("01_conduit_ping_basic", null), ("01b_conduit_ping_no_token", null), ("02_user_whoami_admin", null), ("02b_user_whoami_bot", null),
        ("03_user_search_by_usernames", null), ("05_project_search_by_name", null), ("06_maniphest_status_search", null),
        ("07_maniphest_priority_search", null),
        ("10_maniphest_edit_create", 1795510517), ("11_maniphest_edit_update_status_resolved", 1795510521),
        ("12_maniphest_edit_update_owner_user2", 1795510521), ("13_maniphest_edit_update_owner_null", 1795510522),
        ("14_maniphest_edit_update_title", 1795510522), ("15_maniphest_edit_noop_same_title", 1795510523),
        ("16_maniphest_edit_error_invalid_status", 1795510526), ("16b_maniphest_search_after_invalid_status", null),
        ("17_maniphest_edit_error_unknown_xaction_type", null), ("18_maniphest_edit_error_nonexistent_task", null),
        ("19_maniphest_edit_error_invalid_priority", null), ("20_maniphest_edit_error_invalid_owner", null),
        ("21_maniphest_edit_restore_status_resolved", 1795510536), ("22_maniphest_edit_update_priority", 1795510537),
        ("23_maniphest_edit_create_as_bot", 1795510543),
        ("seed T3", 1795510543), ("seed T4", 1795510544), ("seed T5", 1795510544), ("seed T6", 1795510544), ("seed T7", 1795510544),
        ("30_maniphest_search_by_ids", null), ("31_maniphest_search_by_phids", null), ("32_maniphest_search_attachments", null),
        ("33_maniphest_search_modifiedstart_outdated", null), ("34_maniphest_search_paging_page1", null),
        ("35_maniphest_search_paging_page2", null), ("36_maniphest_search_paging_page3", null),
        ("37_maniphest_search_paging_page4_last", null), ("38_maniphest_search_error_invalid_constraint", null),
        ("39_maniphest_search_error_limit_101", null), ("40_maniphest_search_error_nondigit_id", null),
        ("41_maniphest_search_statuses_projects", null), ("42_maniphest_search_error_invalid_order", null),
        ("43_maniphest_search_querykey_open", null), ("50_transaction_search_T1", null),
        ("51_transaction_search_objecttype_TASK", null), ("52_transaction_search_T1_constraints_phids", null),
        ("53_transaction_search_error_both_params", null), ("54_transaction_search_error_nonexistent_object", null),
        ("60_error_bad_token", null), ("60b_error_bad_token_wrong_length", null), ("61_error_no_token", null),
        ("62_error_unknown_method", null), ("63_error_malformed_params_json", null), ("64_flat_form_maniphest_search", null),
        ("65_flat_form_conduit_ping", null),
        ("24_maniphest_edit_T2_status_and_owner", 1795510625), ("55_transaction_search_T2_webhook_phids", null),
        ("26_maniphest_edit_owner_by_username", 1795510650), ("27_maniphest_edit_projects_add_by_slug", 1795510651),
        ("seed T8", 1795510660), ("28_maniphest_edit_projects_add_by_slug_new", 1795510665),
    ];

    private static readonly HttpClient Http = new();

    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.FromUnixTimeSeconds(1795510489));
    public FakePhorge.FakePhorge Fake { get; private set; } = null!;
    public JsonShape Shape { get; } = new();

    /// <summary>Differences per replayed fixture (empty list = same shape as recorded).</summary>
    public Dictionary<string, List<string>> Differences { get; } = [];

    public static IEnumerable<string> Replayed => Script.Select(s => s.Step).Where(s => !s.StartsWith("seed", StringComparison.Ordinal));

    public async Task InitializeAsync()
    {
        Fake = await FakePhorge.FakePhorge.StartAsync(Clock);
        var fixtures = PhorgeFixtures.Load("03_user_search_by_usernames")["response"]!["result"]!["data"]!.AsArray();
        foreach (var user in fixtures)
        {
            var fake = (string)user!["fields"]!["username"]! switch
            {
                "admin" => Fake.Admin,
                "alice" => Fake.Alice,
                _ => Fake.Syncbot,
            };
            Shape.MapPhid((string)user["phid"]!, fake.Phid);
        }
        Shape.MapPhid("PHID-PROJ-2u3ve6ev5yulcu6tuzxx", Fake.Phorge.IncidentFollowup.Phid);

        foreach (var (step, at) in Script)
        {
            if (at is { } epoch)
            {
                Clock.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(epoch));
            }
            if (step.StartsWith("seed T", StringComparison.Ordinal))
            {
                Seed(step);
                continue;
            }
            var fixture = PhorgeFixtures.Load(step);
            // Users and projects were created before the recording started; only their dates differ.
            Shape.LooseDates = (string)fixture["method"]! is "user.search" or "project.search";
            var (status, contentType, body) = await SendAsync(fixture);
            var differences = new List<string>();
            if (status != (int)fixture["http_status"]!)
            {
                differences.Add($"HTTP {status}, recorded {fixture["http_status"]}");
            }
            if (contentType != "application/json")
            {
                differences.Add($"Content-Type {contentType}");
            }
            differences.AddRange(Shape.Compare(fixture["response"], JsonNode.Parse(body)));
            Differences[step] = differences;
        }
    }

    /// <summary>T3–T7 were made by admin with a title, priority low and the project; T8 with a title only.</summary>
    private void Seed(string step)
    {
        var id = int.Parse(step["seed T".Length..], System.Globalization.CultureInfo.InvariantCulture);
        var task = id == 8
            ? Fake.CreateTask(Fake.Admin, "Incident followup action item 8")
            : Fake.CreateTask(Fake.Admin, $"Incident followup action item {id}", priority: "low", projects: [Fake.Phorge.IncidentFollowup.Phid]);
        if (task.Id != id)
        {
            throw new InvalidOperationException($"seeded T{task.Id}, expected T{id}");
        }
    }

    private async Task<(int Status, string? ContentType, string Body)> SendAsync(JsonObject fixture)
    {
        var method = (string)fixture["method"]!;
        var recorded = fixture["request_params"]!.AsObject();
        Dictionary<string, string> form;
        if (recorded.ContainsKey("api.token") || recorded.ContainsKey("params"))
        {
            // Flat-form fixtures and the malformed-params one record the raw form fields.
            form = recorded.ToDictionary(p => p.Key, p => TokenFor((string)p.Value!));
        }
        else
        {
            var parameters = Shape.Translate(recorded)!.AsObject();
            if (parameters["__conduit__"]?["token"] is JsonValue token)
            {
                parameters["__conduit__"]!["token"] = TokenFor((string)token!);
            }
            form = new Dictionary<string, string> { ["params"] = parameters.ToJsonString(), ["output"] = "json", ["__conduit__"] = "1" };
        }
        using var response = await Http.PostAsync(new Uri(Fake.BaseUrl, "api/" + method), new FormUrlEncodedContent(form));
        return ((int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, await response.Content.ReadAsStringAsync());
    }

    private string TokenFor(string value) => value switch
    {
        "api-REDACTED-admin" => Fake.Admin.Token,
        "api-REDACTED-alice" => Fake.Alice.Token,
        "api-REDACTED-syncbot" => Fake.Syncbot.Token,
        _ => Shape.Translate(value),
    };

    public async Task DisposeAsync() => await Fake.DisposeAsync();
}

using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using ActionItems.FakePhorge;

namespace ActionItems.IntegrationTests.Sync.Phabricator;

/// <summary>The fake Phorge answers the recorded requests with the recorded shapes (see <see cref="FixtureReplay"/>).</summary>
public sealed partial class FakePhorgeConformanceTests(FixtureReplay replay) : IClassFixture<FixtureReplay>
{
    public static TheoryData<string> ReplayedFixtures => [.. FixtureReplay.Replayed];

    [Theory]
    [MemberData(nameof(ReplayedFixtures))]
    public void Fake_answers_the_recorded_request_with_the_recorded_shape(string fixture) =>
        Assert.True(replay.Differences[fixture].Count == 0, string.Join("\n", replay.Differences[fixture]));

    [Fact]
    public void Every_recorded_fixture_is_replayed_or_has_a_reason_not_to_be()
    {
        var covered = FixtureReplay.Replayed.Concat(FixtureReplay.NotReplayed.Keys).Order(StringComparer.Ordinal);
        Assert.Equal(PhorgeFixtures.Names, covered);
    }

    [Fact]
    public void Shape_comparison_fails_on_the_divergences_that_matter()
    {
        var recorded = PhorgeFixtures.Load("34_maniphest_search_paging_page1")["response"]!;
        var shape = new JsonShape();
        Assert.Empty(shape.Compare(recorded, recorded.DeepClone()));

        var intCursor = recorded.DeepClone();
        intCursor["result"]!["cursor"]!["after"] = 1;
        Assert.NotEmpty(new JsonShape().Compare(recorded, intCursor));

        var listForMap = recorded.DeepClone();
        listForMap["result"]!["maps"] = new JsonArray();
        Assert.NotEmpty(new JsonShape().Compare(recorded, listForMap));

        var stringId = recorded.DeepClone();
        stringId["result"]!["data"]![0]!["id"] = "2";
        Assert.NotEmpty(new JsonShape().Compare(recorded, stringId));

        var reordered = recorded.DeepClone();
        var fields = reordered["result"]!["data"]![0]!["fields"]!.AsObject();
        var name = fields["name"]!.DeepClone();
        fields.Remove("name");
        fields["name"] = name;
        Assert.NotEmpty(new JsonShape().Compare(recorded, reordered));

        var intPriority = recorded.DeepClone();
        intPriority["result"]!["data"]![0]!["fields"]!["priority"] = 50;
        Assert.NotEmpty(new JsonShape().Compare(recorded, intPriority));
    }

    [Fact]
    public async Task Test_webhook_call_is_the_recorded_body_signed_like_phorge()
    {
        await AssertWebhookLikeRecordingAsync("70_webhook_test_call_T1", "T1", test: true);
    }

    [Fact]
    public async Task Firehose_webhook_after_an_edit_lists_exactly_that_edits_transactions()
    {
        await AssertWebhookLikeRecordingAsync("71_webhook_firehose_T2_edit", "T2", test: false);
    }

    private async Task AssertWebhookLikeRecordingAsync(string fixtureName, string task, bool test)
    {
        var fixture = PhorgeFixtures.Load(fixtureName);
        var key = (string)fixture["webhook"]!["hmac_key"]!;
        await using var receiver = await WebhookReceiver.StartAsync();

        var delivery = await replay.Fake.DeliverWebhookAsync(receiver.Url, key, task, test);

        Assert.Equal(200, delivery.StatusCode);
        var (headers, body) = Assert.Single(receiver.Received);
        Assert.Equal(Normalize(replay.Shape.Translate((string)fixture["body_raw"]!)), Normalize(Encoding.UTF8.GetString(body)));
        var expectedSignature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.ASCII.GetBytes(key), body));
        Assert.Equal(expectedSignature, headers[FakePhorge.FakePhorge.SignatureHeader]);
        Assert.Equal("application/json", headers["Content-Type"]);
        Assert.Equal((string)fixture["headers"]!["User-Agent"]!, headers["User-Agent"]);
    }

    [GeneratedRegex("\"epoch\": [0-9]+|PHID-HWBH-[a-z0-9]+")]
    private static partial Regex Volatile();

    /// <summary>The delivery time and a firehose hook's own PHID differ per instance; everything else must be byte-identical.</summary>
    private static string Normalize(string body) => Volatile().Replace(body, m => m.Value.StartsWith("PHID", StringComparison.Ordinal) ? "PHID-HWBH-x" : "\"epoch\": 0");
}

using System.Text;
using ActionItems.FakePhorge;
using ActionItems.Sync.Phabricator;

namespace ActionItems.IntegrationTests.Sync.Phabricator;

/// <summary>Signature check and body parsing of Herald webhook deliveries, on the recorded deliveries and on the fake's.</summary>
public sealed class PhabricatorWebhookTests
{
    public static TheoryData<string> Recorded => ["70_webhook_test_call_T1", "71_webhook_firehose_T2_edit"];

    [Theory]
    [MemberData(nameof(Recorded))]
    public void A_recorded_delivery_has_a_valid_signature(string fixture)
    {
        var (body, signature, key) = Load(fixture);

        Assert.True(PhabricatorWebhook.IsSignatureValid(body, signature, key));
    }

    [Theory]
    [MemberData(nameof(Recorded))]
    public void A_changed_body_a_wrong_key_or_a_bad_header_is_refused(string fixture)
    {
        var (body, signature, key) = Load(fixture);
        var tampered = (byte[])body.Clone();
        tampered[^3] ^= 1;

        Assert.False(PhabricatorWebhook.IsSignatureValid(tampered, signature, key));
        Assert.False(PhabricatorWebhook.IsSignatureValid(body, signature, key + "x"));
        Assert.False(PhabricatorWebhook.IsSignatureValid(body, signature, ""));
        Assert.False(PhabricatorWebhook.IsSignatureValid(body, null, key));
        Assert.False(PhabricatorWebhook.IsSignatureValid(body, "", key));
        Assert.False(PhabricatorWebhook.IsSignatureValid(body, signature[..^2], key));
        Assert.False(PhabricatorWebhook.IsSignatureValid(body, "zz" + signature[2..], key));
        Assert.False(PhabricatorWebhook.IsSignatureValid(Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(body).TrimEnd('\n')), signature, key));
    }

    [Fact]
    public void A_test_call_is_parsed_with_its_object_and_ten_transactions()
    {
        var (body, _, _) = Load("70_webhook_test_call_T1");

        var delivery = PhabricatorWebhook.Parse(body);

        Assert.Equal("TASK", delivery.ObjectType);
        Assert.Equal("PHID-TASK-whvnawzqsxflyp3rugee", delivery.ObjectPhid);
        Assert.True(delivery.IsTest);
        Assert.Equal(10, delivery.TransactionPhids.Count);
        Assert.Equal("PHID-XACT-TASK-zrkrtjokl45i5h7", delivery.TransactionPhids[0]);
        Assert.Equal(["PHID-APPS-PhabricatorHeraldApplication"], delivery.TriggerPhids);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1795510649), delivery.SentAt);
    }

    [Fact]
    public void A_firehose_delivery_lists_the_edits_transactions()
    {
        var (body, _, _) = Load("71_webhook_firehose_T2_edit");

        var delivery = PhabricatorWebhook.Parse(body);

        Assert.False(delivery.IsTest);
        Assert.Equal("PHID-TASK-wjppybzew3wivkxxhrnm", delivery.ObjectPhid);
        Assert.Equal(
            ["PHID-XACT-TASK-zz356j7lpyel3ky", "PHID-XACT-TASK-c3ptatgt3c37ghd", "PHID-XACT-TASK-5cnd3uvjoahijw2", "PHID-XACT-TASK-27f5ghfmo6nufsj"],
            delivery.TransactionPhids);
        Assert.Equal(["PHID-HWBH-lal6wabtonuzdc7owwec"], delivery.TriggerPhids);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"object\":{\"type\":\"TASK\"}}")]
    [InlineData("{\"object\":\"PHID-TASK-x\"}")]
    public void A_body_that_is_no_herald_delivery_is_refused_with_a_reason(string body)
    {
        var error = Assert.Throws<PhabricatorWebhookFormatException>(() => PhabricatorWebhook.Parse(Encoding.UTF8.GetBytes(body)));

        Assert.NotEmpty(error.Message);
    }

    [Fact]
    public async Task A_delivery_from_the_fake_verifies_and_names_the_edited_task()
    {
        await using var fake = await FakePhorge.FakePhorge.StartAsync();
        await using var receiver = await WebhookReceiver.StartAsync();
        const string key = "p42v2vx2bovfjtoxxyx66hzybc7vdslq";
        var task = fake.CreateTask(fake.Admin, "Task");
        fake.EnableFirehose(receiver.Url, key);

        var applied = fake.EditTask(fake.Alice, task.Monogram, ("status", "resolved"), ("comment", "done"));
        await fake.WaitForWebhooksAsync();

        var (headers, body) = Assert.Single(receiver.Received);
        Assert.True(PhabricatorWebhook.IsSignatureValid(body, headers[PhabricatorWebhook.SignatureHeader], key));
        var delivery = PhabricatorWebhook.Parse(body);
        Assert.Equal(task.Phid, delivery.ObjectPhid);
        Assert.Equal(applied.Select(x => x.Phid).Reverse(), delivery.TransactionPhids);
    }

    private static (byte[] Body, string Signature, string Key) Load(string fixture)
    {
        var json = PhorgeFixtures.Load(fixture);
        return (Encoding.UTF8.GetBytes((string)json["body_raw"]!), (string)json["headers"]!["X-Phabricator-Webhook-Signature"]!, (string)json["webhook"]!["hmac_key"]!);
    }
}

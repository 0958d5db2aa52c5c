using System.Text;
using ActionItems.Sync.GitHub;

namespace ActionItems.UnitTests.Sync;

/// <summary>The <c>X-Hub-Signature-256</c> check and the reading of issue deliveries.</summary>
public class GitHubWebhookTests
{
    // GitHub's published test vector ("Validating webhook deliveries" in GitHub's webhook documentation).
    private const string VectorSecret = "It's a Secret to Everybody";
    private const string VectorBody = "Hello, World!";
    private const string VectorSignature = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    [Fact]
    public void GitHubs_published_test_vector_is_signed_and_accepted()
    {
        var body = Encoding.UTF8.GetBytes(VectorBody);

        Assert.Equal(VectorSignature, GitHubWebhook.Sign(VectorSecret, body));
        Assert.True(GitHubWebhook.IsSignatureValid(body, VectorSignature, VectorSecret));
        // Hex digits in upper case and surrounding spaces are still the same signature.
        Assert.True(GitHubWebhook.IsSignatureValid(body, " sha256=" + VectorSignature["sha256=".Length..].ToUpperInvariant() + " ", VectorSecret));
    }

    [Theory]
    [InlineData(VectorBody + " ", VectorSignature, VectorSecret)]                      // a changed body
    [InlineData(VectorBody, VectorSignature, VectorSecret + "!")]                      // another secret
    [InlineData(VectorBody, VectorSignature, "")]                                      // no secret accepts nothing
    [InlineData(VectorBody, null, VectorSecret)]                                       // unsigned
    [InlineData(VectorBody, "", VectorSecret)]
    [InlineData(VectorBody, "757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", VectorSecret)] // no sha256=
    [InlineData(VectorBody, "sha1=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", VectorSecret)]
    [InlineData(VectorBody, "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e1", VectorSecret)]  // one digit short
    [InlineData(VectorBody, "sha256=z57107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", VectorSecret)] // not hex
    [InlineData(VectorBody, "sha256=857107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17", VectorSecret)] // one bit off
    public void A_changed_body_another_secret_no_secret_or_a_malformed_header_is_refused(string body, string? signature, string secret)
    {
        Assert.False(GitHubWebhook.IsSignatureValid(Encoding.UTF8.GetBytes(body), signature, secret));
    }

    [Fact]
    public void An_issue_delivery_names_the_issue_its_repository_and_the_sender()
    {
        var body = """{"action":"labeled","issue":{"id":444500041,"number":1,"title":"x"},"repository":{"full_name":"Codertocat/Hello-World"},"sender":{"login":"Codertocat"}}""";

        var delivery = GitHubWebhook.ParseIssueEvent("issues", Encoding.UTF8.GetBytes(body));

        Assert.Equal(("issues", "labeled", "444500041", "Codertocat/Hello-World#1", false, "Codertocat"),
            (delivery.Event, delivery.Action, delivery.InternalId, delivery.RemoteId, delivery.IsPullRequest, delivery.SenderLogin));
    }

    [Fact]
    public void A_comment_on_a_pull_request_is_told_apart_by_its_pull_request_key()
    {
        var body = """{"action":"created","issue":{"id":7,"number":3,"pull_request":{"url":"https://api.github.com/repos/o/r/pulls/3"}},"repository":{"full_name":"o/r"}}""";

        Assert.True(GitHubWebhook.ParseIssueEvent("issue_comment", Encoding.UTF8.GetBytes(body)).IsPullRequest);
    }

    [Theory]
    [InlineData("")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("""{"issue":{"number":1},"repository":{"full_name":"o/r"}}""")]
    [InlineData("""{"issue":{"id":"1","number":1},"repository":{"full_name":"o/r"}}""")]
    [InlineData("""{"issue":{"id":1,"number":0},"repository":{"full_name":"o/r"}}""")]
    [InlineData("""{"issue":{"id":1,"number":"1"},"repository":{"full_name":"o/r"}}""")]
    [InlineData("""{"issue":{"id":1,"number":1},"repository":{"full_name":"no-slash"}}""")]
    [InlineData("""{"issue":{"id":1,"number":1}}""")]
    public void A_body_that_is_no_issue_delivery_is_refused_with_a_reason(string body)
    {
        var error = Assert.Throws<GitHubWebhookFormatException>(() => GitHubWebhook.ParseIssueEvent("issues", Encoding.UTF8.GetBytes(body)));

        Assert.NotEmpty(error.Message);
    }
}

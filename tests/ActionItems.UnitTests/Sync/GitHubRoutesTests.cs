using ActionItems.Sync.GitHub;

namespace ActionItems.UnitTests.Sync;

public class GitHubRoutesTests
{
    [Theory]
    [InlineData("GET", "https://api.github.com/repos/octo-org/infra/issues/1234", "GET /repos/{owner}/{repo}/issues/{number}")]
    [InlineData("PATCH", "https://api.github.com/repos/octo-org/infra/issues/7", "PATCH /repos/{owner}/{repo}/issues/{number}")]
    [InlineData("GET", "https://api.github.com/repos/a/b/issues/7/timeline?per_page=100", "GET /repos/{owner}/{repo}/issues/{number}/timeline")]
    [InlineData("DELETE", "https://api.github.com/repos/a/b/issues/7/labels/priority%3A%20high", "DELETE /repos/{owner}/{repo}/issues/{number}/labels/{name}")]
    [InlineData("GET", "https://ghe.example.org/api/v3/repos/a/b/issues?since=2026-01-01", "GET /repos/{owner}/{repo}/issues")]
    [InlineData("GET", "https://api.github.com/user", "GET /user")]
    [InlineData("GET", "https://api.github.com/users/alice", "GET /users/{login}")]
    [InlineData("GET", "https://api.github.com/search/issues?q=x", "GET /search/issues")]
    [InlineData("GET", "https://api.github.com/", "GET {other}")]
    public void Requests_become_route_templates_without_numbers_names_or_repositories(string method, string url, string template) =>
        Assert.Equal(template, GitHubRoutes.Template(new HttpMethod(method), new Uri(url)));
}

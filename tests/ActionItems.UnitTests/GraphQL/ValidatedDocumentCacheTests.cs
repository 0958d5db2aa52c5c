using ActionItems.Api.GraphQL.Execution;
using GraphQL;
using GraphQL.Validation;
using GraphQL.Validation.Rules.Custom;
using GraphQLParser;

namespace ActionItems.UnitTests.GraphQL;

public class ValidatedDocumentCacheTests
{
    [Fact]
    public void A_remembered_document_is_found_by_its_exact_text_only()
    {
        var cache = new ValidatedDocumentCache();
        var document = Parser.Parse("{ version }");

        cache.Remember("{ version }", document);

        Assert.Same(document, cache.Find("{ version }"));
        Assert.Null(cache.Find("{  version }"));
    }

    [Fact]
    public void When_the_cached_text_would_exceed_its_bound_the_cache_starts_over()
    {
        var cache = new ValidatedDocumentCache();
        var query = "{ version }" + new string(' ', (ValidatedDocumentCache.MaxCachedCharacters / 10) - 20);
        var documents = Enumerable.Range(0, 11).Select(i => (Text: query + "#" + i, Document: Parser.Parse("{ version }"))).ToList();

        foreach (var (text, document) in documents)
        {
            cache.Remember(text, document);
        }

        Assert.Null(cache.Find(documents[0].Text));
        Assert.Same(documents[^1].Document, cache.Find(documents[^1].Text));
    }

    [Fact]
    public void A_document_longer_than_a_tenth_of_the_bound_is_not_cached()
    {
        var cache = new ValidatedDocumentCache();
        var text = "{ version }" + new string(' ', ValidatedDocumentCache.MaxCachedCharacters / 10);

        cache.Remember(text, Parser.Parse("{ version }"));

        Assert.Null(cache.Find(text));
    }

    [Fact]
    public async Task The_executer_hook_keeps_a_document_that_passed_validation_and_hands_it_back_with_only_the_cached_document_rules()
    {
        var cache = new ValidatedDocumentCache();
        var document = Parser.Parse("{ version }");
        IValidationRule[] requestRules = [NoIntrospectionValidationRule.Instance];

        await cache.ExecuteAsync(new ExecutionOptions { Query = "{ version }" },
            _ => Task.FromResult(new ExecutionResult { Executed = true, Document = document }));
        ExecutionOptions? seen = null;
        await cache.ExecuteAsync(new ExecutionOptions { Query = "{ version }", CachedDocumentValidationRules = requestRules },
            options =>
            {
                seen = options;
                return Task.FromResult(new ExecutionResult { Executed = true, Document = options.Document });
            });

        Assert.Same(document, cache.Find("{ version }"));
        Assert.Same(document, seen?.Document);
        Assert.Equal(requestRules, seen?.ValidationRules);
    }

    [Fact]
    public async Task The_executer_hook_does_not_keep_a_document_that_failed_validation()
    {
        var cache = new ValidatedDocumentCache();

        await cache.ExecuteAsync(new ExecutionOptions { Query = "{ version }" },
            _ => Task.FromResult(new ExecutionResult { Executed = false, Document = Parser.Parse("{ version }") }));

        Assert.Null(cache.Find("{ version }"));
    }
}

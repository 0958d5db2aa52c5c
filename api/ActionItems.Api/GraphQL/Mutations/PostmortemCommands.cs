using ActionItems.Api.GraphQL.Loading;
using ActionItems.Api.GraphQL.Payloads;
using ActionItems.Core.Domain;
using ActionItems.Core.Extraction;
using ActionItems.Data.Import;

namespace ActionItems.Api.GraphQL.Mutations;

public sealed class PostmortemCommands(PostmortemImporter importer, DataLoaders loaders)
{
    public const int MaxDocumentChars = 1024 * 1024;

    public static PreviewPostmortemPayload Preview(MutationInput input)
    {
        try
        {
            var text = Text(input);
            return new PreviewPostmortemPayload(PostmortemExtractor.Extract(text, Format(input), input.Text("sourceUrl")), []);
        }
        catch (ExtractionException e)
        {
            return new PreviewPostmortemPayload(null, [new MutationError(MutationErrorCode.ParseError, e.Message, "text")]);
        }
    }

    public async Task<ImportPostmortemPayload> ImportAsync(MutationInput input, string actor, CancellationToken cancellationToken)
    {
        try
        {
            var report = await importer.ImportAsync(new ImportRequest(Text(input), Format(input), input.Text("sourceUrl")),
                actor, input.Get<bool?>("dryRun") ?? false, cancellationToken);
            loaders.Clear();
            return new ImportPostmortemPayload(report, []);
        }
        catch (ExtractionException e)
        {
            return new ImportPostmortemPayload(null, [new MutationError(MutationErrorCode.ParseError, e.Message, "text")]);
        }
        catch (ImportException e)
        {
            return new ImportPostmortemPayload(null, [new MutationError(MutationErrorCode.Validation, e.Message, "text")]);
        }
    }

    private static string Text(MutationInput input)
    {
        var text = input.Text("text") ?? "";
        return text.Length > MaxDocumentChars
            ? throw new ExtractionException($"The document is longer than {MaxDocumentChars} characters.")
            : text;
    }

    private static DocumentFormat? Format(MutationInput input) =>
        input.Get<DocumentFormat?>("format") is { } format && format != DocumentFormat.Unknown ? format : null;
}

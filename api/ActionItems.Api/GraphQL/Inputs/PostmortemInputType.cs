using ActionItems.Application.Postmortems;
using ActionItems.Core.Domain;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Inputs;

public sealed class PostmortemInputType : InputObjectGraphType<ImportPostmortem>
{
    public PostmortemInputType()
    {
        Name = "PostmortemInput";
        Field<NonNullGraphType<StringGraphType>>("text").Description("The document (wikitext, rendered Wikitech text, Markdown or HTML).");
        Field<EnumerationGraphType<DocumentFormat>>("format").Description("Detected when left out.");
        Field<StringGraphType>("sourceUrl").Description("Where the document lives; re-imports find the incident by it.");
        Field<BooleanGraphType>("dryRun").Description("importPostmortem only: report what would change, write nothing.");
    }

    public override object ParseDictionary(IDictionary<string, object?> value) => new ImportPostmortem(
        InputValues.Value<string>(value, "text") ?? "", InputValues.Value<DocumentFormat?>(value, "format"),
        InputValues.Value<string>(value, "sourceUrl"), InputValues.Value<bool?>(value, "dryRun") ?? false);
}

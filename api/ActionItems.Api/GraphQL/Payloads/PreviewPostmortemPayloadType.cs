using ActionItems.Api.GraphQL.Types;
using GraphQL.Types;

namespace ActionItems.Api.GraphQL.Payloads;

public sealed class PreviewPostmortemPayloadType : ObjectGraphType<PreviewPostmortemPayload>
{
    public PreviewPostmortemPayloadType()
    {
        Name = "PreviewPostmortemPayload";
        Field<PostmortemPreviewType>("preview").Resolve(c => c.Source.Preview);
        Field<NonNullGraphType<ListGraphType<NonNullGraphType<MutationErrorType>>>>("errors").Resolve(c => c.Source.Errors);
    }
}

using Microsoft.AspNetCore.Mvc;

namespace ActionItems.Api.Hosting;

/// <summary>
/// Request bodies with a size cap. The cap is endpoint metadata (<see cref="WithBodyLimit"/>) that routing hands to
/// Kestrel, and <see cref="ReadAsync"/> refuses a body over it without buffering it all.
/// </summary>
/// <remarks>
/// Kestrel's own limit for the endpoint is set to twice the cap, not to the cap: a refused body is still drained by
/// Kestrel after the 413 so the client finishes sending and reads the answer. At Kestrel's limit itself it would
/// close the connection mid-upload and the client would see a broken pipe instead of the 413. Bodies beyond twice
/// the cap are cut off that way; those are not requests a client means to have answered.
/// </remarks>
public static class BoundedBody
{
    /// <summary>Caps the endpoint's request bodies at <paramref name="maxBytes"/>.</summary>
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder endpoint, long maxBytes)
        where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(new BodyLimit(maxBytes), new RequestSizeLimitAttribute(checked(maxBytes * 2)));

    /// <summary>
    /// Reads the whole body of a request to an endpoint with <see cref="WithBodyLimit"/>; null when it is larger than
    /// that limit (told by its Content-Length, or found while reading a chunked body).
    /// </summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        var limit = request.HttpContext.GetEndpoint()?.Metadata.GetMetadata<BodyLimit>()?.MaxBytes
                    ?? throw new InvalidOperationException("BoundedBody.ReadAsync needs an endpoint with WithBodyLimit.");
        if (request.ContentLength > limit)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
            {
                if (buffer.Length + read > limit)
                {
                    return null;
                }
                buffer.Write(chunk, 0, read);
            }
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        return buffer.ToArray();
    }

    private sealed record BodyLimit(long MaxBytes);
}

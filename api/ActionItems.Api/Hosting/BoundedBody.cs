using Microsoft.AspNetCore.Mvc;

namespace ActionItems.Api.Hosting;

/// <summary>
/// Request bodies with a size cap that the server enforces: the cap is endpoint metadata, which routing hands to
/// Kestrel's per-request body limit, so an oversized body is refused as it streams in, with or without a
/// Content-Length, without buffering it all.
/// </summary>
public static class BoundedBody
{
    /// <summary>Caps the endpoint's request bodies at <paramref name="maxBytes"/> (Kestrel's <c>MaxRequestBodySize</c>).</summary>
    public static TBuilder WithBodyLimit<TBuilder>(this TBuilder endpoint, long maxBytes)
        where TBuilder : IEndpointConventionBuilder =>
        endpoint.WithMetadata(new RequestSizeLimitAttribute(maxBytes));

    /// <summary>
    /// Reads the whole body of a request to an endpoint with <see cref="WithBodyLimit"/>; null when the server
    /// refused it as larger than that limit.
    /// </summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        try
        {
            await request.Body.CopyToAsync(buffer, cancellationToken);
        }
        catch (BadHttpRequestException e) when (e.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return null;
        }
        return buffer.ToArray();
    }
}

namespace ActionItems.Api.Hosting;

/// <summary>Reads request bodies with a size cap, so an oversized body is refused without buffering it all.</summary>
public static class BoundedBody
{
    /// <summary>Reads at most <paramref name="limit"/> bytes; null when the body is larger.</summary>
    public static async Task<byte[]?> ReadAsync(HttpRequest request, int limit, CancellationToken cancellationToken)
    {
        if (request.ContentLength > limit)
        {
            return null;
        }
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                return null;
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
    }
}

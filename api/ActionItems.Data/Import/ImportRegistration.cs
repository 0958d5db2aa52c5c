using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;

namespace ActionItems.Data.Import;

public static class ImportRegistration
{
    public static IHostApplicationBuilder AddActionItemsImport(this IHostApplicationBuilder builder)
    {
        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddScoped<PostmortemImporter>();
        return builder;
    }
}

using ActionItems.Core.Domain;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ActionItems.Data;

/// <summary>PostgreSQL flavour of the model; its migrations live in <c>Migrations/Postgres</c>.</summary>
public sealed class PostgresActionItemsDbContext(DbContextOptions<PostgresActionItemsDbContext> options)
    : ActionItemsDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        base.OnModelCreating(modelBuilder);
        modelBuilder.Entity<TrackerLink>().Property(x => x.BaseSnapshot).HasColumnType("jsonb");
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // timestamptz accepts only UTC offsets; normalise instead of failing on a stray local time.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcDateTimeOffsetConverter>();
    }
}

/// <summary>Used by <c>dotnet ef</c> only; the connection string is never opened to add a migration.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresActionItemsDbContext>
{
    public PostgresActionItemsDbContext CreateDbContext(string[] args) =>
        DatabaseRegistration.CreatePostgres("Host=localhost;Database=actionitems");
}

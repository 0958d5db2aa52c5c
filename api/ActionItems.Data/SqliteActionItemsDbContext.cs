using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ActionItems.Data;

/// <summary>SQLite flavour of the model (the zero-setup default); its migrations live in <c>Migrations/Sqlite</c>.</summary>
public sealed class SqliteActionItemsDbContext(DbContextOptions<SqliteActionItemsDbContext> options)
    : ActionItemsDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        // SQLite cannot compare or order DateTimeOffset text; UTC ticks as integers sort and compare correctly.
        configurationBuilder.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
    }
}

public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteActionItemsDbContext>
{
    public SqliteActionItemsDbContext CreateDbContext(string[] args) =>
        DatabaseRegistration.CreateSqlite("Data Source=design-time.db");
}

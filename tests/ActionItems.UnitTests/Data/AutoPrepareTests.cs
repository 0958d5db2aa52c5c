using ActionItems.Data;
using Npgsql;

namespace ActionItems.UnitTests.Data;

public class AutoPrepareTests
{
    [Fact]
    public void A_connection_string_without_its_own_setting_gets_statement_preparation()
    {
        var prepared = new NpgsqlConnectionStringBuilder(DatabaseRegistration.WithAutoPrepare("Host=db;Database=actionitems;Username=app"));

        Assert.Equal(DatabaseRegistration.AutoPreparedStatements, prepared.MaxAutoPrepare);
        Assert.Equal("db", prepared.Host);
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0", 0)]
    [InlineData("Host=db;MaxAutoPrepare=7", 7)]
    [InlineData("Host=db;max auto prepare=3", 3)]
    public void A_connection_string_that_sets_it_keeps_its_own_value(string connectionString, int expected)
    {
        Assert.Equal(expected, new NpgsqlConnectionStringBuilder(DatabaseRegistration.WithAutoPrepare(connectionString)).MaxAutoPrepare);
    }
}

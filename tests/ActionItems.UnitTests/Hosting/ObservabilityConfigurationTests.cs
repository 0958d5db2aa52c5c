using ActionItems.Api.Hosting;
using ActionItems.Api.Observability;
using ActionItems.Core;
using Microsoft.Extensions.Configuration;

namespace ActionItems.UnitTests.Hosting;

public class ObservabilityConfigurationTests
{
    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("  ")]
    public void Without_an_otlp_endpoint_export_is_off(string? value) =>
        Assert.Null(ObservabilityRegistration.OtlpEndpoint(Configuration(value)));

    [Theory]
    [InlineData("http://otel-collector:4317")]
    [InlineData("https://otlp.example.org/")]
    public void An_http_url_turns_export_on(string value) =>
        Assert.Equal(new Uri(value), ObservabilityRegistration.OtlpEndpoint(Configuration(value)));

    [Theory]
    [InlineData("otel-collector:4317")]
    [InlineData("localhost")]
    [InlineData("ftp://collector/")]
    public void Anything_else_stops_the_start_naming_the_variable(string value)
    {
        var error = Assert.Throws<ConfigurationErrorException>(() => ObservabilityRegistration.OtlpEndpoint(Configuration(value)));
        Assert.Equal(ObservabilityRegistration.OtlpEndpointKey, error.Key);
        Assert.Contains("OTLP", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_open_telemetry_variables_are_known_configuration_keys() =>
        Assert.Contains(ObservabilityRegistration.OtlpEndpointKey, ConfigurationKeys.Known);

    private static IConfiguration Configuration(string? endpoint) => new ConfigurationBuilder()
        .AddInMemoryCollection(new Dictionary<string, string?> { [ObservabilityRegistration.OtlpEndpointKey] = endpoint })
        .Build();
}

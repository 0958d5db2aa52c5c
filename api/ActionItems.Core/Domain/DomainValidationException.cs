namespace ActionItems.Core.Domain;

/// <summary>Input that breaks a domain rule; surfaces as a VALIDATION error naming the field.</summary>
public sealed class DomainValidationException(string field, string message) : Exception(message)
{
    public string Field { get; } = field;
}

using System.Diagnostics.CodeAnalysis;

namespace ActionItems.Application;

/// <summary>Why a use case did not (fully) happen. Adapters map these to their own vocabulary (GraphQL codes, HTTP status, exit codes).</summary>
public enum ErrorKind
{
    NotFound,
    Validation,
    Conflict,
    ParseError,

    /// <summary>The text has nothing a postmortem has (no actionables, timeline or scorecard): a batch import skips it.</summary>
    NotAPostmortem,

    /// <summary>An import failed unexpectedly (the database refused a row, a bug) and was rolled back: that document alone fails.</summary>
    ImportFailed,
    Forbidden,
    Unauthenticated,
}

/// <summary>An expected failure: <paramref name="Field"/> names the command field at fault, when there is one.</summary>
public sealed record UseCaseError(ErrorKind Kind, string Message, string? Field = null);

/// <summary>
/// The outcome of a use case: its value and the errors that stopped it. A failed use case changed nothing; its
/// value may still be set to the current state (a version conflict returns the item as it is now).
/// </summary>
[SuppressMessage("Design", "CA1000:Do not declare static members on generic types",
    Justification = "Result<T>.Ok / Fail read as the use case's return statement; a non-generic factory would need the type spelled out at every call.")]
public sealed record Result<T>(T? Value, IReadOnlyList<UseCaseError> Errors) where T : class
{
    public bool Succeeded => Errors.Count == 0;

    public static Result<T> Ok(T value) => new(value, []);

    public static Result<T> Fail(UseCaseError error, T? current = null) => new(current, [error]);

    public static Result<T> Fail(IReadOnlyList<UseCaseError> errors, T? current = null) => new(current, errors);

    public static Result<T> Fail(ErrorKind kind, string message, string? field = null) => new(null, [new UseCaseError(kind, message, field)]);

    public static implicit operator Result<T>(UseCaseError error) => Fail(error);
}

/// <summary>The role check every use case starts with; adapters usually refuse earlier, this keeps every caller honest.</summary>
public static class Access
{
    public static UseCaseError? Require(Actor actor, ActorRole role) => actor.Has(role)
        ? null
        : new UseCaseError(ErrorKind.Forbidden, $"{actor.Name} is a {actor.Role.ToString().ToLowerInvariant()}; this needs {role.ToString().ToLowerInvariant()}.");
}

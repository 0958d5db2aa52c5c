using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace ActionItems.Data;

internal sealed class UtcDateTimeOffsetConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
    v => v.ToUniversalTime(), v => v);

internal sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
    v => v.UtcTicks, v => new DateTimeOffset(v, TimeSpan.Zero));

using Microsoft.EntityFrameworkCore;

namespace ActionItems.Data;

/// <summary>Values for raw SQL written the way the model stores them.</summary>
public static class RawSqlValues
{
    /// <summary>
    /// <paramref name="value"/> as the model stores <typeparamref name="TEntity"/>'s <paramref name="property"/>: raw SQL bypasses
    /// the value converters, and the providers store instants differently (timestamptz, SQLite UTC ticks).
    /// </summary>
    public static object ForProperty<TEntity>(DbContext db, string property, object value) =>
        db.Model.FindEntityType(typeof(TEntity))!.FindProperty(property)!.GetTypeMapping().Converter?.ConvertToProvider(value) ?? value;
}

using System.Linq.Expressions;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using ActionItems.Api.GraphQL.Execution;

namespace ActionItems.Api.GraphQL.Paging;

/// <summary>
/// One stable ordering of an entity set: a sort key, then the id as tie-break. Pages continue from a
/// cursor with a keyset condition (<c>key &gt; k OR (key = k AND id &gt; i)</c>), so rows inserted or
/// removed meanwhile never shift a page (no gaps, no duplicates), and the database seeks instead of skipping.
/// </summary>
public abstract class KeysetOrdering<TEntity>
{
    protected KeysetOrdering(string name) => Name = name;

    /// <summary>The ordering's name, written into its cursors so a cursor cannot be used with another ordering.</summary>
    public string Name { get; }

    public abstract IQueryable<TEntity> Order(IQueryable<TEntity> query, bool reverse);

    public abstract IQueryable<TEntity> After(IQueryable<TEntity> query, string cursor, bool reverse);

    public abstract string CursorOf(TEntity entity);
}

public sealed class KeysetOrdering<TEntity, TKey> : KeysetOrdering<TEntity>
{
    private static readonly JsonSerializerOptions CursorJson = new(JsonSerializerDefaults.Web);

    private readonly Expression<Func<TEntity, TKey>> _key;
    private readonly Expression<Func<TEntity, long>> _id;
    private readonly Func<TEntity, TKey> _compiledKey;
    private readonly Func<TEntity, long> _compiledId;
    private readonly bool _descending;

    public KeysetOrdering(string name, Expression<Func<TEntity, TKey>> key, Expression<Func<TEntity, long>> id, bool descending)
        : base(name)
    {
        _key = key;
        _id = id;
        _compiledKey = key.Compile();
        _compiledId = id.Compile();
        _descending = descending;
    }

    public override IQueryable<TEntity> Order(IQueryable<TEntity> query, bool reverse) =>
        _descending != reverse
            ? query.OrderByDescending(_key).ThenByDescending(_id)
            : query.OrderBy(_key).ThenBy(_id);

    public override IQueryable<TEntity> After(IQueryable<TEntity> query, string cursor, bool reverse)
    {
        var (key, id) = Read(cursor);
        var entity = _key.Parameters[0];
        var keyBody = _key.Body;
        var idBody = new ParameterReplacer(_id.Parameters[0], entity).Visit(_id.Body);
        // Captured boxes make EF Core send the cursor values as parameters, not literals.
        var keyValue = Expression.Field(Expression.Constant(new StrongBox<TKey>(key)), nameof(StrongBox<TKey>.Value));
        var idValue = Expression.Field(Expression.Constant(new StrongBox<long>(id)), nameof(StrongBox<long>.Value));
        var forwards = _descending == reverse;
        var keyBeyond = Compare(keyBody, keyValue, forwards);
        var idBeyond = forwards ? Expression.GreaterThan(idBody, idValue) : Expression.LessThan(idBody, idValue);
        var condition = Expression.OrElse(keyBeyond, Expression.AndAlso(Expression.Equal(keyBody, keyValue), idBeyond));
        return query.Where(Expression.Lambda<Func<TEntity, bool>>(condition, entity));
    }

    public override string CursorOf(TEntity entity)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new CursorData(Name, JsonSerializer.SerializeToElement(_compiledKey(entity), CursorJson), _compiledId(entity)), CursorJson);
        return Convert.ToBase64String(json).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private (TKey Key, long Id) Read(string cursor)
    {
        try
        {
            var base64 = cursor.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            var data = JsonSerializer.Deserialize<CursorData>(Convert.FromBase64String(base64), CursorJson);
            if (data is null || data.Order != Name)
            {
                throw new GraphQLRequestException(ErrorCodes.Validation,
                    $"The cursor belongs to another ordering than {Name}; start again without a cursor.");
            }
            return (data.Key.Deserialize<TKey>(CursorJson)!, data.Id);
        }
        catch (Exception e) when (e is FormatException or JsonException or NotSupportedException or DecoderFallbackException)
        {
            throw new GraphQLRequestException(ErrorCodes.Validation, "The cursor is not one this API issued.");
        }
    }

    private static BinaryExpression Compare(Expression left, Expression right, bool greater)
    {
        if (typeof(TKey) == typeof(string))
        {
            var compare = Expression.Call(typeof(string).GetMethod(nameof(string.Compare), [typeof(string), typeof(string)])!, left, right);
            var zero = Expression.Constant(0);
            return greater ? Expression.GreaterThan(compare, zero) : Expression.LessThan(compare, zero);
        }
        return greater ? Expression.GreaterThan(left, right) : Expression.LessThan(left, right);
    }

    private sealed record CursorData(string Order, JsonElement Key, long Id);

    private sealed class ParameterReplacer(ParameterExpression from, ParameterExpression to) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node) => node == from ? to : node;
    }
}

using System.Text;
using GraphQLParser.AST;

namespace ActionItems.Api.GraphQL.Paging;

/// <summary>
/// A field's name and arguments as one string, arguments and object fields sorted by name, so two aliases that ask
/// for the same thing get the same key. Variables are named, not resolved: within one request they do not change.
/// </summary>
public static class ArgumentKey
{
    public static string Of(GraphQLField field)
    {
        var key = new StringBuilder(field.Name.StringValue).Append('(');
        foreach (var argument in (field.Arguments?.Items ?? []).OrderBy(a => a.Name.StringValue, StringComparer.Ordinal))
        {
            key.Append(argument.Name.StringValue).Append(':');
            Append(key, argument.Value);
            key.Append(',');
        }
        return key.Append(')').ToString();
    }

    private static void Append(StringBuilder key, GraphQLValue value)
    {
        switch (value)
        {
            case GraphQLVariable variable:
                key.Append('$').Append(variable.Name.StringValue);
                break;
            case GraphQLStringValue text:
                // Quoted with escapes, so a string cannot pass for another value or for punctuation.
                key.Append(System.Text.Json.JsonSerializer.Serialize(text.Value.ToString()));
                break;
            case GraphQLListValue list:
                key.Append('[');
                foreach (var item in list.Values ?? [])
                {
                    Append(key, item);
                    key.Append(',');
                }
                key.Append(']');
                break;
            case GraphQLObjectValue obj:
                key.Append('{');
                foreach (var field in (obj.Fields ?? []).OrderBy(f => f.Name.StringValue, StringComparer.Ordinal))
                {
                    key.Append(field.Name.StringValue).Append(':');
                    Append(key, field.Value);
                    key.Append(',');
                }
                key.Append('}');
                break;
            case GraphQLIntValue number:
                key.Append(number.Value.Span);
                break;
            case GraphQLFloatValue number:
                key.Append(number.Value.Span);
                break;
            case GraphQLBooleanValue flag:
                key.Append(flag.BoolValue ? "true" : "false");
                break;
            case GraphQLEnumValue enumValue:
                key.Append(enumValue.Name.StringValue);
                break;
            default:
                key.Append("null");
                break;
        }
    }
}

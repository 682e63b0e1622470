using System.Globalization;
using System.Text;

namespace Vitals.Server.Tests.Fuzz;

/// <summary>
/// A JSON object template kept as ordered (name, raw JSON) pairs, so that a mutation can put anything in a field,
/// including what no serializer writes (<c>"\ud800"</c>, <c>1e400</c>, duplicate names), and then written as text.
/// </summary>
internal sealed class FuzzJson
{
    private readonly List<(string Name, object Value)> _fields = [];

    /// <summary>A field holding raw JSON (a string, number, ...), or a nested <see cref="FuzzJson"/>.</summary>
    public FuzzJson Add(string name, object value)
    {
        _fields.Add((name, value));
        return this;
    }

    public FuzzJson Str(string name, string value) => Add(name, Quote(value, null));

    public FuzzJson Num(string name, long value) => Add(name, value.ToString(CultureInfo.InvariantCulture));

    public FuzzJson Clone()
    {
        var copy = new FuzzJson();
        foreach (var (name, value) in _fields)
        {
            copy._fields.Add((name, value is FuzzJson nested ? nested.Clone() : value));
        }

        return copy;
    }

    /// <summary>One to three mutations anywhere in the tree: a field's value replaced, a field removed, added, duplicated or renamed.</summary>
    public FuzzJson Mutate(Random random)
    {
        var copy = Clone();
        for (var n = random.Next(1, 4); n > 0; n--)
        {
            copy.MutateOnce(random);
        }

        return copy;
    }

    public string Write()
    {
        var builder = new StringBuilder();
        WriteTo(builder);
        return builder.ToString();
    }

    /// <summary>
    /// A JSON string literal. Control characters and every surrogate are written as <c>\uXXXX</c> escapes (so a lone
    /// surrogate reaches the server as the escape a client would send); other non-ASCII text is escaped when
    /// <paramref name="random"/> says so, else sent as raw UTF-8.
    /// </summary>
    public static string Quote(string value, Random? random)
    {
        var escapeAll = random is not null && random.Next(2) == 0;
        var builder = new StringBuilder(value.Length + 2).Append('"');
        foreach (var c in value)
        {
            if (c == '"' || c == '\\')
            {
                builder.Append('\\').Append(c);
            }
            else if (c < ' ' || char.IsSurrogate(c) || (escapeAll && c > '~'))
            {
                builder.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.Append('"').ToString();
    }

    private void MutateOnce(Random random)
    {
        // Descend into a nested object now and then (Huawei's wrapper, OVH/native nested fields).
        var nested = _fields.Where(f => f.Value is FuzzJson).ToList();
        if (nested.Count > 0 && random.Next(3) > 0)
        {
            ((FuzzJson)FuzzValues.Pick(random, nested).Value).MutateOnce(random);
            return;
        }

        var op = random.Next(10);
        if (_fields.Count == 0 || op == 0)
        {
            _fields.Add((random.Next(2) == 0 ? "unknown_field" : FuzzValues.Text(random), FuzzValues.RawJson(random)));
            return;
        }

        var index = random.Next(_fields.Count);
        var (name, value) = _fields[index];
        switch (op)
        {
            case 1:
                _fields.RemoveAt(index);
                break;
            case 2:
                _fields.Add((name, FuzzValues.RawJson(random)));
                break;
            case 3:
                _fields[index] = (FuzzValues.Text(random), value);
                break;
            default:
                _fields[index] = (name, FuzzValues.RawJson(random));
                break;
        }
    }

    private void WriteTo(StringBuilder builder)
    {
        builder.Append('{');
        for (var i = 0; i < _fields.Count; i++)
        {
            if (i > 0)
            {
                builder.Append(',');
            }

            var (name, value) = _fields[i];
            builder.Append(Quote(name, null)).Append(':');
            if (value is FuzzJson nested)
            {
                nested.WriteTo(builder);
            }
            else
            {
                builder.Append((string)value);
            }
        }

        builder.Append('}');
    }
}

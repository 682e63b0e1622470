using System.CommandLine;
using System.ComponentModel.DataAnnotations;
using System.Globalization;
using System.Reflection;
using Vitals.Server;

namespace Vitals.Cli.Serve;

/// <summary>How a <see cref="ServeFigure"/>'s text reads.</summary>
internal enum FigureKind
{
    Integer,
    Fraction,
    Duration,
}

/// <summary>
/// One number of <c>vitals serve</c> set by a flag or, when the flag is absent, by its environment variable (<c>VITALS_</c>
/// and the flag in upper snake case). Its range is the <see cref="RangeAttribute"/> on the options property it sets, the one
/// the server's generated validator enforces, so the command refuses exactly what the server would, naming the flag.
/// </summary>
internal sealed class ServeFigure
{
    private readonly IComparable _min;
    private readonly IComparable _max;

    public ServeFigure(string name, string helpName, string description, FigureKind kind, PropertyInfo property, object defaults,
        Action<VitalsServerOptions, object> apply)
    {
        ArgumentNullException.ThrowIfNull(property);
        var range = property.GetCustomAttribute<RangeAttribute>()
            ?? throw new ArgumentException($"{property.DeclaringType?.Name}.{property.Name} has no [Range]", nameof(property));
        Kind = kind;
        Apply = apply;
        Variable = ServeSources.VariableOf(name);
        (_min, _max) = (Limit(range.Minimum), Limit(range.Maximum));
        var defaultValue = property.GetValue(defaults);
        var defaultText = defaultValue is null ? "" : $"; default {Describe(defaultValue)}";
        Option = new Option<string?>(name)
        {
            Description = $"{description} ({Describe(_min)} to {Describe(_max)}{defaultText}; env {Variable}).",
            HelpName = helpName,
        };
    }

    public Option<string?> Option { get; }

    public string Variable { get; }

    public FigureKind Kind { get; }

    /// <summary>Sets the value read by <see cref="TryRead"/> on the server options.</summary>
    public Action<VitalsServerOptions, object> Apply { get; }

    /// <summary>
    /// The value from the flag, else from the environment, else from the configuration file; null when none is set. False, with a usage message naming
    /// the flag (and the variable, when the value came from it), when the text is not a number of the kind or out of range.
    /// </summary>
    public bool TryRead(ParseResult parseResult, ServeSources sources, out object? value, out string error)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(sources);
        value = null;
        error = "";
        var text = parseResult.GetValue(Option);
        var origin = Option.Name;
        if (text is null)
        {
            (text, var source, _) = sources.Get(Variable);
            origin = $"{Option.Name} (from {source})";
            if (string.IsNullOrEmpty(text))
            {
                return true;
            }
        }

        var parsed = Parse(text);
        if (parsed is null || parsed.CompareTo(_min) < 0 || parsed.CompareTo(_max) > 0)
        {
            var what = parsed is null && Kind == FigureKind.Duration ? $"; a duration is {DurationText.Syntax}" : "";
            error = $"{origin} must be from {Describe(_min)} to {Describe(_max)} (got {text}){what}";
            return false;
        }

        value = parsed;
        return true;
    }

    private IComparable? Parse(string text) => Kind switch
    {
        FigureKind.Integer when int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var n) => n,
        FigureKind.Fraction when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) && double.IsFinite(x) => x,
        FigureKind.Duration when DurationText.TryParse(text, out var d) => d,
        _ => null,
    };

    private IComparable Limit(object limit) => Kind switch
    {
        FigureKind.Integer => Convert.ToInt32(limit, CultureInfo.InvariantCulture),
        FigureKind.Fraction => Convert.ToDouble(limit, CultureInfo.InvariantCulture),
        _ => TimeSpan.Parse((string)limit, CultureInfo.InvariantCulture),
    };

    private static string Describe(object value) => value switch
    {
        TimeSpan d => DurationText.Format(d),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}

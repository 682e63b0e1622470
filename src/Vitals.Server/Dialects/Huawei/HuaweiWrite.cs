using Vitals.Core.Validation;

namespace Vitals.Server.Dialects.Huawei;

/// <summary>
/// The body of a create or update, read against the resource's field rules, with the errors of the rules the native
/// service does not know, begun with Huawei's own: a body may name the path's project and no other.
/// </summary>
internal sealed class HuaweiWrite
{
    private HuaweiWrite(string project, HuaweiFields fields)
    {
        Project = project;
        Fields = fields;
        fields.Fixed(Errors, "project_id", project);
    }

    public string Project { get; }

    public HuaweiFields Fields { get; }

    /// <summary>Errors found by the endpoint; answered together by <see cref="Invalid"/>.</summary>
    public FieldErrorList Errors { get; } = new();

    /// <summary>The fields every resource accepts (name, project_id, admin_state_up) and the resource's own.</summary>
    public static HuaweiFieldRule[] Rules(params HuaweiFieldRule[] own) =>
    [
        new("name", HuaweiFieldKind.String),
        new("project_id", HuaweiFieldKind.String),
        new("admin_state_up", HuaweiFieldKind.Boolean),
        .. own,
    ];

    /// <summary>Reads the body of the caller's request; null with the 400 ELB.8902 to answer when it is not JSON or breaks the rules.</summary>
    public static async Task<(HuaweiWrite? Write, IResult? Error)> ReadAsync(HttpContext context, string wrapper, IReadOnlyList<HuaweiFieldRule> rules)
    {
        var project = HuaweiAccess.ProjectOf(context);
        var (fields, error) = await HuaweiBody.ReadAsync(context, wrapper, rules);
        return fields is null ? (null, error) : (new HuaweiWrite(project, fields), null);
    }

    /// <summary>The 400 ELB.8902 naming every error, or null when there is none.</summary>
    public IResult? Invalid(HttpContext context) => Errors.HasErrors ? HuaweiErrors.Invalid(context, Errors.Errors, Fields) : null;
}

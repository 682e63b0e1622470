using System.ComponentModel.DataAnnotations;

namespace Vitals.Storage;

/// <summary>A node id, when one is given, follows <see cref="NodeIds.IsValid"/>; null passes (a new id is made at start).</summary>
[AttributeUsage(AttributeTargets.Property | AttributeTargets.Field | AttributeTargets.Parameter)]
public sealed class NodeIdAttribute : ValidationAttribute
{
    public NodeIdAttribute()
        : base("The field {0} must be " + NodeIds.Rule + ".")
    {
    }

    public override bool IsValid(object? value) => value is null || (value is string id && NodeIds.IsValid(id));
}

using Vitals.Core.Validation;

namespace Vitals.Core.Resources;

/// <summary>The free-text <c>description</c> of a load balancer (Huawei and Alibaba allow 255 characters).</summary>
public static class DescriptionRule
{
    public const int MaxLength = 255;

    public static void Check(FieldErrorList errors, string? description)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (description is { Length: > MaxLength })
        {
            errors.Add("description", $"must be at most {MaxLength} characters");
        }
    }
}

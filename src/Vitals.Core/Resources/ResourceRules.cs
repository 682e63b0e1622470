using System.Net;
using Vitals.Core.Validation;

namespace Vitals.Core.Resources;

/// <summary>Field rules shared by every resource kind (names, ports, addresses, weights, regions).</summary>
public static class ResourceRules
{
    public const string DefaultRegion = "local";
    public const int MaxNameLength = 255;
    public const int MaxWeight = 100;

    public static void Name(FieldErrorList errors, string? name, string field = "name")
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (name is { Length: > MaxNameLength })
        {
            errors.Add(field, $"must be at most {MaxNameLength} characters");
        }
    }

    public static void Port(FieldErrorList errors, string field, int? port, bool required)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (port is null)
        {
            if (required)
            {
                errors.Add(field, "is required: an integer from 1 to 65535");
            }

            return;
        }

        errors.RequireRange(field, port, 1, 65535);
    }

    public static void Weight(FieldErrorList errors, int? weight)
    {
        ArgumentNullException.ThrowIfNull(errors);
        errors.RequireRange("weight", weight, 0, MaxWeight);
    }

    /// <summary>Checks an IP literal; returns the parsed address or null (with an error added).</summary>
    public static IPAddress? Address(FieldErrorList errors, string field, string? address, bool required)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (address is null)
        {
            if (required)
            {
                errors.Add(field, "is required: an IPv4 or IPv6 address");
            }

            return null;
        }

        if (!IPAddress.TryParse(address, out var parsed) || address.Contains('%', StringComparison.Ordinal))
        {
            errors.Add(field, $"must be an IPv4 or IPv6 address (got '{address}')");
            return null;
        }

        return parsed;
    }

    public static void Region(FieldErrorList errors, string? region)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (region is null)
        {
            return;
        }

        if (region.Length is 0 or > 64 || !IsRegionText(region))
        {
            errors.Add("region", "must be 1 to 64 lower-case letters, digits and '-' (e.g. cn-hangzhou)");
        }
    }

    private static bool IsRegionText(string region)
    {
        foreach (var c in region)
        {
            if (!char.IsAsciiLetterLower(c) && !char.IsAsciiDigit(c) && c != '-')
            {
                return false;
            }
        }

        return true;
    }
}

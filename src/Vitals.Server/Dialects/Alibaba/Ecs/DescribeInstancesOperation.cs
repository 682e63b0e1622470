using System.Globalization;
using System.Text.Json;
using Vitals.Core.Resources;
using Vitals.Server.Dialects.Alibaba.Rpc;
using Vitals.Server.Input;

namespace Vitals.Server.Dialects.Alibaba.Ecs;

/// <summary>
/// ECS <c>DescribeInstances</c> (2014-05-26, minimal subset of alibaba-ecs.md §3): the project's instances of a region
/// with ids, names and addresses. Page-number paging, or token paging when <c>NextToken</c> or <c>MaxResults</c> is sent.
/// Vitals knows no zones, VPCs or vSwitches: those fields are empty and filtering on them matches nothing.
/// </summary>
internal sealed class DescribeInstancesOperation(EcsInstanceSource source) : IAlibabaOperation
{
    private const int MaxIds = 100;
    private const int MaxNameLength = 128;
    private static readonly string[] LifecycleFilters = ["Pending", "Running", "Starting", "Stopping", "Stopped"];

    public string Version => DescribeInstancesFullStatusOperation.ApiVersion;

    public string Action => "DescribeInstances";

    public async ValueTask<AlibabaOutcome> RunAsync(AlibabaCall call, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        if (Parse(call, out var parsed) is { } error)
        {
            return error;
        }

        var query = parsed!;
        var instances = await source.ListAsync(call.ProjectId, query.Region, query.Ids, cancellationToken);
        var matching = new List<Instance>(instances.Count);
        foreach (var instance in instances)
        {
            if ((query.Name is null || NameMatches(query.Name, instance.Name))
                && (query.Lifecycle is null || string.Equals(query.Lifecycle, "Running", StringComparison.Ordinal))
                && !query.FiltersNetwork)
            {
                matching.Add(instance);
            }
        }

        var page = new List<EcsInstance>(query.PageSize);
        var next = "";
        if (query.TokenPaging)
        {
            var start = 0;
            while (start < matching.Count && matching[start].NumericId <= query.After)
            {
                start++;
            }

            for (var i = start; i < matching.Count && page.Count < query.PageSize; i++)
            {
                page.Add(ToEcs(matching[i]));
            }

            if (start + page.Count < matching.Count)
            {
                next = AlibabaPageToken.Encode(Scope(call, query), "", matching[start + page.Count - 1].NumericId);
            }
        }
        else
        {
            var skip = (long)(query.PageNumber - 1) * query.PageSize;
            for (var i = skip; i < matching.Count && page.Count < query.PageSize; i++)
            {
                page.Add(ToEcs(matching[(int)i]));
            }
        }

        var response = new DescribeInstancesResponse(call.RequestId, matching.Count, query.TokenPaging ? null : query.PageNumber, query.PageSize,
            next, new EcsInstances(page));
        return AlibabaOutcome.Ok(JsonSerializer.SerializeToUtf8Bytes(response, AlibabaJsonContext.Default.DescribeInstancesResponse));
    }

    private static EcsInstance ToEcs(Instance instance) => new(
        instance.Id, instance.Name, instance.Name, "", instance.Region, "", "Running", CreationTime(instance.CreatedAt),
        new EcsVpcAttributes("", "", "", new EcsIpAddressSet([instance.Address])), new EcsIpAddressSet([]));

    // ECS writes CreationTime to the minute.
    private static string CreationTime(DateTimeOffset instant) =>
        instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm'Z'", CultureInfo.InvariantCulture);

    /// <summary>A token is valid only for the same project, region and filters it was issued for.</summary>
    private static string Scope(AlibabaCall call, InstancesQuery query) =>
        string.Join('|', call.ProjectId, query.Region, query.Name ?? "", query.Lifecycle ?? "", string.Join(',', query.Ids ?? []));

    /// <summary><c>*</c> matches any run of characters; everything else literally, case-sensitive.</summary>
    public static bool NameMatches(string pattern, string name)
    {
        int p = 0, n = 0, star = -1, mark = 0;
        while (n < name.Length)
        {
            if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = n;
            }
            else if (p < pattern.Length && pattern[p] == name[n])
            {
                p++;
                n++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                n = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static AlibabaError? Parse(AlibabaCall call, out InstancesQuery? query)
    {
        query = null;
        if (AlibabaParameters.RequiredId(call, "RegionId", out var region) is { } badRegion)
        {
            return badRegion;
        }

        List<string>? ids = null;
        if (call.Parameter("InstanceIds") is { Length: > 0 } idsText && ParseIds(idsText, out ids) is { } badIds)
        {
            return badIds;
        }

        var name = call.Parameter("InstanceName");
        if (name is { Length: > MaxNameLength })
        {
            return AlibabaError.Invalid("InstanceName", $"must be at most {MaxNameLength} characters.");
        }

        var lifecycle = call.Parameter("Status");
        if (!string.IsNullOrEmpty(lifecycle) && Array.IndexOf(LifecycleFilters, lifecycle) < 0)
        {
            return AlibabaError.Invalid("Status", "must be one of Pending, Running, Starting, Stopping, Stopped.");
        }

        var filtersNetwork = false;
        foreach (var networkFilter in (string[])["ZoneId", "VpcId", "VSwitchId"])
        {
            if (AlibabaParameters.OptionalId(call, networkFilter, out var value) is { } bad)
            {
                return bad;
            }

            filtersNetwork |= value is not null;
        }

        var tokenText = call.Parameter("NextToken");
        var maxText = call.Parameter("MaxResults");
        var tokenPaging = !string.IsNullOrEmpty(tokenText) || !string.IsNullOrEmpty(maxText);
        int pageNumber = 1, pageSize;
        long after = 0;
        if (tokenPaging)
        {
            // The SDK documents MaxResults below 10 as 10 and above 100 as 100; only a non-number is refused.
            if (AlibabaParameters.Int(call, "MaxResults", 0, int.MaxValue, 10, out var maxResults) is { } badMax)
            {
                return badMax;
            }

            pageSize = Math.Clamp(maxResults, 10, 100);
        }
        else
        {
            if (AlibabaParameters.Int(call, "PageNumber", 1, int.MaxValue, 1, out pageNumber) is { } badNumber)
            {
                return badNumber;
            }

            if (AlibabaParameters.Int(call, "PageSize", 1, 100, 10, out pageSize) is { } badSize)
            {
                return badSize;
            }
        }

        query = new InstancesQuery(region, ids, string.IsNullOrEmpty(name) ? null : name, string.IsNullOrEmpty(lifecycle) ? null : lifecycle,
            filtersNetwork, tokenPaging, pageNumber, pageSize, 0);
        if (!string.IsNullOrEmpty(tokenText))
        {
            if (!AlibabaPageToken.TryDecode(tokenText, Scope(call, query), out _, out after))
            {
                query = null;
                return AlibabaError.Invalid("NextToken", "pass the NextToken of the previous answer, unchanged, with the same filters.");
            }

            query = query with { After = after };
        }

        return null;
    }

    private static AlibabaError? ParseIds(string text, out List<string>? ids)
    {
        ids = null;
        List<string> list = [];
        try
        {
            using var document = StrictJson.Parse(text, maxDepth: 2);
            if (document.RootElement.ValueKind != JsonValueKind.Array)
            {
                return AlibabaError.Invalid("InstanceIds", "must be a JSON array of instance ids, e.g. [\"i-a\",\"i-b\"].");
            }

            foreach (var element in document.RootElement.EnumerateArray())
            {
                if (element.ValueKind != JsonValueKind.String || element.GetString() is not { } id || !AlibabaParameters.IsId(id))
                {
                    return AlibabaError.Invalid("InstanceIds", "must be a JSON array of instance ids, e.g. [\"i-a\",\"i-b\"].");
                }

                if (list.Count == MaxIds)
                {
                    return AlibabaError.Invalid("InstanceIds", $"at most {MaxIds} ids.");
                }

                list.Add(id);
            }
        }
        catch (JsonException)
        {
            return AlibabaError.Invalid("InstanceIds", "must be a JSON array of instance ids, e.g. [\"i-a\",\"i-b\"].");
        }

        ids = list;
        return null;
    }

    private sealed record InstancesQuery(string Region, List<string>? Ids, string? Name, string? Lifecycle, bool FiltersNetwork, bool TokenPaging,
        int PageNumber, int PageSize, long After);
}

using System.Buffers;
using Vitals.Control.Health;
using Vitals.Core.Health;
using Vitals.Core.Resources;

namespace Vitals.Server.Metrics;

/// <summary>
/// What one scrape shows, read once: every member and pool the caller may see, with their label blocks encoded once
/// (UTF-8, escaped) so that each metric family copies bytes instead of encoding strings again. The arrays are rented
/// and go back to the pool on <see cref="Dispose"/>.
/// </summary>
internal sealed class ScrapeTable : IDisposable
{
    // A label block is ~150 bytes (ids are ~40 characters); the buffer grows when names are longer.
    private const int BytesPerMember = 192;

    private readonly PooledByteBuffer _labels;
    private MemberRow[] _members;
    private PoolRow[] _pools;

    private ScrapeTable(int members, int pools)
    {
        _labels = new PooledByteBuffer((members + pools) * BytesPerMember);
        _members = ArrayPool<MemberRow>.Shared.Rent(Math.Max(members, 1));
        _pools = ArrayPool<PoolRow>.Shared.Rent(Math.Max(pools, 1));
    }

    public int MemberCount { get; private set; }

    public int PoolCount { get; private set; }

    public ReadOnlySpan<MemberRow> Members => _members.AsSpan(0, MemberCount);

    public ReadOnlySpan<PoolRow> Pools => _pools.AsSpan(0, PoolCount);

    public ReadOnlySpan<byte> Labels(int start, int length) => _labels.Slice(start, length);

    /// <summary>
    /// Reads the scope's pools and members once from the live-health reader (which copies the catalog's references under
    /// its gate and nothing else, so the engine's events never wait for a scrape) and encodes their label blocks.
    /// </summary>
    public static ScrapeTable Read(LiveHealthReader reader, ProjectScope scope)
    {
        var builder = new Builder();
        try
        {
            reader.Scan(scope, ref builder);
            builder.Writer?.Commit();
            return builder.Table ?? new ScrapeTable(0, 0);
        }
        catch
        {
            builder.Table?.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        _labels.Dispose();
        if (_members.Length > 0)
        {
            ArrayPool<MemberRow>.Shared.Return(_members);
            ArrayPool<PoolRow>.Shared.Return(_pools);
            _members = [];
            _pools = [];
        }
    }

    /// <summary>A visible pool (its record is known) with its label block, indexed by id.</summary>
    private void AddPool(PrometheusTextWriter writer, ServerGroup record, Dictionary<string, int> index)
    {
        ref var row = ref _pools[PoolCount];
        row = default;
        row.PoolId = record.Id;
        row.LabelStart = (int)writer.BytesWritten;
        writer.Label("project"u8, record.ProjectId, first: true);
        writer.Label("loadbalancer"u8, record.LoadBalancerId);
        writer.Label("pool"u8, record.Id);
        row.LabelLength = (int)writer.BytesWritten - row.LabelStart;
        index[record.Id] = PoolCount;
        PoolCount++;
    }

    private void AddMember(PrometheusTextWriter writer, in LiveMemberRow live, Dictionary<string, int> pools)
    {
        var member = live.Member;
        if (pools.TryGetValue(member.PoolId, out var poolRow))
        {
            Count(ref _pools[poolRow], live.State);
        }

        ref var row = ref _members[MemberCount++];
        row = default;
        row.State = live.State;
        row.Flapping = live.Flapping;
        row.SinceSeconds = live.Since.ToUnixTimeMilliseconds() / 1000.0;
        row.LabelStart = (int)writer.BytesWritten;
        writer.Label("project"u8, member.ProjectId, first: true);
        writer.Label("pool"u8, member.PoolId);
        writer.Label("member"u8, member.Id);
        row.IdentityLength = (int)writer.BytesWritten - row.LabelStart;
        writer.Label("loadbalancer"u8, live.Pool?.LoadBalancerId ?? "");
        writer.Label("name"u8, member.Name);
        writer.Label("address"u8, member.Address);
        writer.Label("port"u8, member.ProtocolPort);
        row.LabelLength = (int)writer.BytesWritten - row.LabelStart;

        // As the API shows it: the engine's newest result, else the one saved before a restart.
        if (live.Last is { } last)
        {
            row.HasCheck = true;
            row.LastSuccess = last.IsSuccess;
            row.LastDurationSeconds = Math.Max(last.Timings.TotalMicros, 0) / 1e6;
            row.LastTimestampSeconds = last.CheckedAt.ToUnixTimeMilliseconds() / 1000.0;
            row.LastReason = last.Reason;
            row.LastCheckCode = last.CheckCode;
        }
    }

    private static void Count(ref PoolRow pool, HealthState state)
    {
        switch (state)
        {
            case HealthState.Initial: pool.Initial++; break;
            case HealthState.Healthy: pool.Healthy++; break;
            case HealthState.Unhealthy: pool.Unhealthy++; break;
            case HealthState.Unused: pool.Unused++; break;
            default: pool.Unavailable++; break;
        }
    }

    /// <summary>Builds the table as the reader scans: pools first, then members.</summary>
    private struct Builder : ILiveVisitor
    {
        private Dictionary<string, int>? _poolIndex;

        public ScrapeTable? Table { get; private set; }

        public PrometheusTextWriter? Writer { get; private set; }

        public void Begin(int members, int pools)
        {
            Table = new ScrapeTable(members, pools);
            Writer = new PrometheusTextWriter(Table._labels);
            _poolIndex = new Dictionary<string, int>(pools, StringComparer.Ordinal);
        }

        public readonly void Pool(ServerGroup pool) => Table!.AddPool(Writer!, pool, _poolIndex!);

        public readonly void Member(in LiveMemberRow member) => Table!.AddMember(Writer!, member, _poolIndex!);
    }
}

using Vitals.Probes.Tcp;
using Vitals.Probes.Tcp.Native;

namespace Vitals.Probes.Tests.Tcp;

/// <summary>The two TCP check implementations the same tests run against: the portable one and the epoll reactor.</summary>
internal static class TcpProberKind
{
    public const string Managed = "managed";
    public const string Native = "native";

    /// <summary>The prober of <paramref name="kind"/>; dispose it (the native one owns a thread).</summary>
    public static Lease Create(string kind)
    {
        if (kind == Managed)
        {
            return new Lease(new TcpProber(TimeProvider.System), null);
        }

        var native = NativeTcpProber.TryCreate(TimeProvider.System);
        if (native is null)
        {
            Assert.Skip("the epoll reactor runs only on Linux");
        }

        return new Lease(native, native);
    }

    public sealed class Lease(IProber prober, IDisposable? owned) : IDisposable
    {
        public IProber Prober { get; } = prober;

        public void Dispose() => owned?.Dispose();
    }
}
